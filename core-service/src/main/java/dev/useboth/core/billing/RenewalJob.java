package dev.useboth.core.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Continues manual subscriptions at the end of their period: cancels those set to cancel (and
 * those still past due), otherwise starts the next period (on a pending downgrade's plan) and
 * issues its invoice; then moves subscriptions whose invoice is unpaid past the grace period to
 * {@code past_due}.
 *
 * <p>Safe to run on several replicas and twice: ShedLock lets one replica run it at a time, each
 * subscription is handled in its own transaction under optimistic locking, and the
 * {@code invoices_one_per_cycle} index refuses a second invoice for the same period. A run that
 * loses such a race skips that subscription; the winner has done the work.
 */
@Component
class RenewalJob {

    private static final Logger log = LoggerFactory.getLogger(RenewalJob.class);

    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoiceRepository;
    private final InvoiceService invoices;
    private final ApplicationEventPublisher events;
    private final BillingProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    RenewalJob(
            SubscriptionRepository subscriptions,
            InvoiceRepository invoiceRepository,
            InvoiceService invoices,
            ApplicationEventPublisher events,
            BillingProperties properties,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.invoiceRepository = invoiceRepository;
        this.invoices = invoices;
        this.events = events;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    record Report(int renewed, int canceled, int pastDue, int skipped) {}

    @Scheduled(
            fixedDelayString = "${billing.renewal-interval:PT5M}",
            initialDelayString = "${billing.renewal-interval:PT5M}")
    @SchedulerLock(name = "billing-renewal")
    void scheduled() {
        Report report = run(BillingTime.now(clock));
        if (report.renewed() + report.canceled() + report.pastDue() + report.skipped() > 0) {
            log.info("Billing renewal: {}", report);
        }
    }

    /** One pass as of {@code now} (tests call it directly with the instant they need). */
    Report run(Instant at) {
        Instant now = BillingTime.micros(at);
        int renewed = 0;
        int canceled = 0;
        int pastDue = 0;
        int skipped = 0;
        for (UUID id : subscriptions.findDue("manual", now)) {
            try {
                Outcome outcome = tx.execute(status -> renew(id, now));
                switch (outcome) {
                    case RENEWED -> renewed++;
                    case CANCELED -> canceled++;
                    case NOTHING -> {}
                }
            } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
                log.info("Renewal of subscription {} skipped: another run changed it first", id);
                skipped++;
            }
        }
        Instant cutoff = now.minus(properties.gracePeriod());
        for (UUID id : invoiceRepository.findSubscriptionsOverdueBefore(cutoff)) {
            try {
                if (Boolean.TRUE.equals(tx.execute(status -> markPastDue(id, now)))) {
                    pastDue++;
                }
            } catch (OptimisticLockingFailureException e) {
                skipped++;
            }
        }
        return new Report(renewed, canceled, pastDue, skipped);
    }

    private enum Outcome {
        RENEWED,
        CANCELED,
        NOTHING
    }

    private Outcome renew(UUID id, Instant now) {
        Subscription subscription = subscriptions.findById(id).orElse(null);
        if (subscription == null
                || !subscription.getStatus().isLive()
                || subscription.getCurrentPeriodEnd().isAfter(now)) {
            return Outcome.NOTHING; // another run got here first
        }
        if (subscription.isCancelAtPeriodEnd() || subscription.getStatus() == SubscriptionStatus.PAST_DUE) {
            subscription.cancel(subscription.getCurrentPeriodEnd(), now);
            subscriptions.saveAndFlush(subscription);
            published(subscription);
            return Outcome.CANCELED;
        }
        // A job that did not run for a while catches up one period at a time, one invoice each.
        while (!subscription.getCurrentPeriodEnd().isAfter(now)) {
            Plan next = subscription.getPendingPlan() != null ? subscription.getPendingPlan() : subscription.getPlan();
            subscription.advancePeriod(next.getBillingInterval().periodEnd(subscription.getCurrentPeriodEnd()), now);
            subscriptions.saveAndFlush(subscription);
            if (next.getPriceMinor() > 0) {
                Invoice invoice = SubscriptionService.draftFor(subscription, BillingReason.SUBSCRIPTION_CYCLE, now);
                invoice.addLine(SubscriptionService.periodLine(next, subscription));
                // Due from the start of its period, so that a late run does not extend the grace.
                invoices.issue(invoice, now, subscription.getCurrentPeriodStart());
            }
        }
        published(subscription);
        return Outcome.RENEWED;
    }

    private boolean markPastDue(UUID id, Instant now) {
        Subscription subscription = subscriptions.findById(id).orElse(null);
        if (subscription == null
                || !"manual".equals(subscription.getProvider())
                || (subscription.getStatus() != SubscriptionStatus.ACTIVE
                        && subscription.getStatus() != SubscriptionStatus.TRIALING)) {
            return false;
        }
        subscription.markPastDue(now);
        subscriptions.saveAndFlush(subscription);
        published(subscription);
        return true;
    }

    private void published(Subscription subscription) {
        events.publishEvent(SubscriptionChanged.of(subscription));
    }
}
