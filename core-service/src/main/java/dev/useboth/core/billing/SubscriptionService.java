package dev.useboth.core.billing;

import dev.useboth.core.common.ApiProblemException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscribing, changing plan and cancelling, for the manual provider's cycle (the renewal job
 * continues it; Stripe subscriptions are driven by Stripe's events instead).
 *
 * <p>The plan-change rule:
 *
 * <ul>
 *   <li><b>No live subscription</b>: a new one starts now. A plan with trial days starts
 *       {@code trialing} for that many days, without an invoice (the first invoice comes with the
 *       first paid period); otherwise it is {@code active} for one interval and its first invoice
 *       ({@code subscription_create}) is issued now. A free plan never issues an invoice.
 *   <li><b>The same plan</b>: a scheduled cancellation or downgrade is undone; nothing else changes.
 *   <li><b>During a trial</b>: any change applies at once and the trial keeps its end.
 *   <li><b>Upgrade</b> (a higher yearly price, within the same interval or from monthly to yearly):
 *       applies at once and starts a new period today. A {@code subscription_update} invoice
 *       charges the new plan's full price less a credit for the unused part of what was paid for
 *       the current period (pro rata by the second, rounded down); an unpaid invoice of the current
 *       period is voided instead, since nothing was paid to credit.
 *   <li><b>Downgrade</b> (anything else, including yearly to monthly): waits for the end of the
 *       period in {@code pending_plan_id}; the renewal then bills the new plan.
 *   <li><b>Refused with 409</b>: a change while {@code past_due} (settle the open invoice first), to
 *       a plan in another currency, or a change that raced another one (optimistic locking, or the
 *       one-live-subscription index when two first subscriptions race).
 * </ul>
 *
 * Cancelling takes effect at the end of the period; until then the plan's entitlements remain. A
 * subscription Stripe bills is cancelled at Stripe too (its plan is changed through Stripe's
 * customer portal, not here: 409).
 */
@Service
class SubscriptionService {

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final InvoiceService invoices;
    private final List<ProviderSubscriptions> providers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SubscriptionService(
            SubscriptionRepository subscriptions,
            PlanRepository plans,
            InvoiceService invoices,
            List<ProviderSubscriptions> providers,
            ApplicationEventPublisher events,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.invoices = invoices;
        this.providers = providers;
        this.events = events;
        this.clock = clock;
    }

    record Change(Subscription subscription, boolean created) {}

    @Transactional(readOnly = true)
    Optional<Subscription> current(UUID userId) {
        return subscriptions.findLive(userId);
    }

    /** Subscribes the user to {@code planCode} or changes their plan, by the rule above. */
    @Transactional
    Change subscribe(UUID userId, String planCode) {
        try {
            return subscribeOrChange(userId, planCode);
        } catch (OptimisticLockingFailureException e) {
            throw raced();
        } catch (DataIntegrityViolationException e) {
            if (e.getMessage() != null && e.getMessage().contains("subscriptions_one_live_per_user")) {
                throw raced();
            }
            if (e.getMessage() != null && e.getMessage().contains("subscriptions_user_id_fkey")) {
                // A valid token whose user no longer exists (or never did: a service's token).
                throw ApiProblemException.notFound("The account no longer exists.");
            }
            throw e;
        }
    }

    private static ApiProblemException raced() {
        return ApiProblemException.conflict("The subscription was changed concurrently; reload it and try again.");
    }

    private Change subscribeOrChange(UUID userId, String planCode) {
        Instant now = BillingTime.now(clock);
        Plan plan = activePlan(planCode);
        Optional<Subscription> live = subscriptions.findLive(userId);
        if (live.isEmpty()) {
            return new Change(start(userId, plan, now), true);
        }
        Subscription subscription = live.get();
        if (!"manual".equals(subscription.getProvider())) {
            throw ApiProblemException.conflict("This subscription is billed by " + subscription.getProvider()
                    + "; change its plan in the provider's customer portal.");
        }
        change(subscription, plan, now);
        subscriptions.saveAndFlush(subscription);
        published(subscription);
        return new Change(subscription, false);
    }

    /** Cancels at the end of the current period; calling it again changes nothing. */
    @Transactional
    Subscription cancel(UUID userId) {
        Subscription subscription = subscriptions
                .findLive(userId)
                .orElseThrow(() -> ApiProblemException.notFound("You have no active subscription."));
        if (!subscription.isCancelAtPeriodEnd()) {
            if (!"manual".equals(subscription.getProvider())) {
                // The provider runs this subscription's cycle: tell it first, or it goes on charging.
                // Its webhook (customer.subscription.updated) confirms the state later.
                providers.stream()
                        .filter(p -> p.id().equals(subscription.getProvider()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no provider " + subscription.getProvider()))
                        .cancelAtPeriodEnd(subscription.getProviderSubscriptionId());
            }
            subscription.cancelAtPeriodEnd(BillingTime.now(clock));
            try {
                subscriptions.saveAndFlush(subscription);
            } catch (OptimisticLockingFailureException e) {
                throw raced();
            }
            published(subscription);
        }
        return subscription;
    }

    private Subscription start(UUID userId, Plan plan, Instant now) {
        Subscription subscription;
        if (plan.getTrialDays() > 0) {
            subscription = new Subscription(
                    userId,
                    plan,
                    SubscriptionStatus.TRIALING,
                    now,
                    now.plus(Duration.ofDays(plan.getTrialDays())),
                    "manual",
                    now);
        } else {
            subscription = new Subscription(
                    userId,
                    plan,
                    SubscriptionStatus.ACTIVE,
                    now,
                    plan.getBillingInterval().periodEnd(now),
                    "manual",
                    now);
        }
        // Flushed at once: a concurrent first subscription fails here, on the unique index.
        subscriptions.saveAndFlush(subscription);
        if (subscription.getStatus() == SubscriptionStatus.ACTIVE && plan.getPriceMinor() > 0) {
            Invoice invoice = draftFor(subscription, BillingReason.SUBSCRIPTION_CREATE, now);
            invoice.addLine(periodLine(plan, subscription));
            invoices.issue(invoice, now, now);
        }
        published(subscription);
        return subscription;
    }

    private void change(Subscription subscription, Plan plan, Instant now) {
        Plan current = subscription.getPlan();
        if (current.getId().equals(plan.getId())) {
            subscription.resume(now);
            return;
        }
        if (subscription.getStatus() == SubscriptionStatus.PAST_DUE) {
            throw ApiProblemException.conflict("The subscription is past due: settle the open invoice first.");
        }
        if (!current.getCurrency().equals(plan.getCurrency())) {
            throw ApiProblemException.conflict("Plan " + plan.getCode() + " bills in another currency.");
        }
        if (subscription.getStatus() == SubscriptionStatus.TRIALING) {
            subscription.replacePlan(plan, now);
        } else if (isUpgrade(current, plan)) {
            upgrade(subscription, plan, now);
        } else {
            subscription.scheduleDowngrade(plan, now);
        }
    }

    static boolean isUpgrade(Plan from, Plan to) {
        if (from.getBillingInterval() == BillingInterval.year && to.getBillingInterval() == BillingInterval.month) {
            return false;
        }
        BigInteger fromYearly = BigInteger.valueOf(from.getPriceMinor())
                .multiply(BigInteger.valueOf(from.getBillingInterval().perYear()));
        BigInteger toYearly = BigInteger.valueOf(to.getPriceMinor())
                .multiply(BigInteger.valueOf(to.getBillingInterval().perYear()));
        return toYearly.compareTo(fromYearly) > 0;
    }

    private void upgrade(Subscription subscription, Plan plan, Instant now) {
        Plan old = subscription.getPlan();
        Instant start = subscription.getCurrentPeriodStart();
        Instant end = subscription.getCurrentPeriodEnd();
        long paid = 0;
        for (Invoice invoice : invoices.forPeriod(subscription.getId(), start)) {
            switch (invoice.getStatus()) {
                case PAID -> paid += invoice.getTotalMinor();
                case OPEN -> invoices.voidIssued(invoice, now);
                default -> {}
            }
        }
        long credit = unusedPart(paid, start, end, now);
        subscription.switchPlan(plan, now, plan.getBillingInterval().periodEnd(now), now);
        if (plan.getPriceMinor() > 0) {
            Invoice invoice = draftFor(subscription, BillingReason.SUBSCRIPTION_UPDATE, now);
            invoice.addLine(periodLine(plan, subscription));
            if (credit > 0) {
                invoice.addLine(new InvoiceLine("Unused time on " + old.getName(), 1, -credit, now, end));
            }
            invoices.issue(invoice, now, now);
        }
    }

    /** The part of {@code paid} for [start, end) not yet used at {@code now}, rounded down. */
    static long unusedPart(long paid, Instant start, Instant end, Instant now) {
        if (paid <= 0 || !now.isBefore(end)) {
            return 0;
        }
        long total = Duration.between(start, end).toSeconds();
        long remaining =
                Duration.between(now.isBefore(start) ? start : now, end).toSeconds();
        if (total <= 0) {
            return 0;
        }
        return BigInteger.valueOf(paid)
                .multiply(BigInteger.valueOf(remaining))
                .divide(BigInteger.valueOf(total))
                .longValueExact();
    }

    private Plan activePlan(String code) {
        return plans.findByCode(code)
                .filter(Plan::isActive)
                .orElseThrow(() -> ApiProblemException.invalid("planCode", "is not an active plan"));
    }

    static Invoice draftFor(Subscription subscription, BillingReason reason, Instant now) {
        return new Invoice(
                subscription.getUserId(),
                subscription.getId(),
                reason,
                subscription.getPlan().getCurrency(),
                subscription.getCurrentPeriodStart(),
                subscription.getCurrentPeriodEnd(),
                subscription.getProvider(),
                now);
    }

    static InvoiceLine periodLine(Plan plan, Subscription subscription) {
        return new InvoiceLine(
                plan.getName() + " (" + plan.getBillingInterval() + "ly)",
                1,
                plan.getPriceMinor(),
                subscription.getCurrentPeriodStart(),
                subscription.getCurrentPeriodEnd());
    }

    private void published(Subscription subscription) {
        events.publishEvent(SubscriptionChanged.of(subscription));
    }
}
