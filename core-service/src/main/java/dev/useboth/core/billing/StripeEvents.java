package dev.useboth.core.billing;

import dev.useboth.core.billing.WebhookReceiver.Outcome;
import dev.useboth.core.billing.WebhookReceiver.ProviderEvent;
import dev.useboth.core.billing.WebhookReceiver.UnprocessableEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Applies Stripe's events to our subscriptions and invoices. Stripe owns the cycle of the
 * subscriptions it bills; we mirror it. Events may arrive late, twice or out of order:
 *
 * <ul>
 *   <li>each is applied once (the caller stores its id first, see {@link WebhookService});
 *   <li>a subscription update created before the newest one applied is ignored
 *       ({@code provider_event_at});
 *   <li>the user and plan travel in the subscription's metadata, so an {@code invoice.paid} that
 *       overtakes {@code checkout.session.completed} still finds (or creates) its subscription;
 *   <li>a paid invoice stays paid, and the schema allows one succeeded payment per invoice.
 * </ul>
 *
 * Reads the payload's JSON directly (not stripe-java's typed objects) so that it accepts the
 * shapes of both older and newer Stripe API versions (e.g. the period on the subscription or on
 * its items, the invoice's subscription at the top or under {@code parent}).
 */
@Component
class StripeEvents {

    static final String USER_ID = "user_id";
    static final String PLAN_CODE = "plan_code";
    private static final String STRIPE = "stripe";

    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoiceRepository;
    private final InvoiceService invoices;
    private final PlanRepository plans;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StripeEvents(
            SubscriptionRepository subscriptions,
            InvoiceRepository invoiceRepository,
            InvoiceService invoices,
            PlanRepository plans,
            ApplicationEventPublisher events,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.invoiceRepository = invoiceRepository;
        this.invoices = invoices;
        this.plans = plans;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Outcome apply(ProviderEvent event, Map<String, String> prices) {
        JsonNode object = event.object();
        return switch (event.type()) {
            case "checkout.session.completed" -> checkoutCompleted(object, event.created());
            case "customer.subscription.updated" -> subscriptionChanged(object, event.created(), prices, false);
            case "customer.subscription.deleted" -> subscriptionChanged(object, event.created(), prices, true);
            case "invoice.paid" -> invoicePaid(object, event.created(), prices);
            case "invoice.payment_failed" -> invoiceFailed(object, event, prices);
            default -> Outcome.IGNORED;
        };
    }

    private Outcome checkoutCompleted(JsonNode session, Instant created) {
        if (!"subscription".equals(text(session, "mode"))) {
            return Outcome.IGNORED;
        }
        String stripeId = idOf(session.path("subscription"));
        if (stripeId == null) {
            throw new UnprocessableEvent("checkout session without a subscription");
        }
        UUID userId = userId(Optional.ofNullable(text(session, "client_reference_id"))
                .orElse(text(session.path("metadata"), USER_ID)));
        Plan plan = plan(text(session.path("metadata"), PLAN_CODE));
        Optional<Subscription> known = subscriptions.findByProviderSubscriptionId(stripeId);
        if (known.isPresent()) {
            Subscription subscription = known.get();
            if (subscription.isNewerThan(created) || !subscription.getStatus().isLive()) {
                return Outcome.IGNORED;
            }
            subscription.applyProviderState(
                    plan, subscription.getStatus(), null, null, subscription.isCancelAtPeriodEnd(), created, now());
            save(subscription);
            return Outcome.PROCESSED;
        }
        Instant start = BillingTime.micros(created);
        Subscription subscription = create(
                userId,
                plan,
                plan.getTrialDays() > 0 ? SubscriptionStatus.TRIALING : SubscriptionStatus.ACTIVE,
                start,
                plan.getBillingInterval().periodEnd(start),
                stripeId);
        subscription.applyProviderState(plan, subscription.getStatus(), null, null, false, created, now());
        save(subscription);
        return Outcome.PROCESSED;
    }

    private Outcome subscriptionChanged(JsonNode object, Instant created, Map<String, String> prices, boolean deleted) {
        String stripeId = text(object, "id");
        if (stripeId == null) {
            throw new UnprocessableEvent("subscription without an id");
        }
        SubscriptionStatus status = deleted ? SubscriptionStatus.CANCELED : status(text(object, "status"));
        if (status == null) {
            return Outcome.IGNORED; // incomplete: not live yet
        }
        JsonNode item = object.path("items").path("data").path(0);
        Instant periodStart = epoch(item, "current_period_start", epoch(object, "current_period_start", null));
        Instant periodEnd = epoch(item, "current_period_end", epoch(object, "current_period_end", null));
        String priceId = idOf(item.path("price"));
        Optional<Subscription> known = subscriptions.findByProviderSubscriptionId(stripeId);
        Subscription subscription;
        if (known.isPresent()) {
            subscription = known.get();
            if (subscription.isNewerThan(created)) {
                return Outcome.IGNORED; // an older state than the one we hold
            }
            if (subscription.getStatus() == SubscriptionStatus.CANCELED) {
                return Outcome.IGNORED; // a canceled Stripe subscription does not come back
            }
        } else if (status == SubscriptionStatus.CANCELED) {
            return Outcome.IGNORED;
        } else {
            Plan plan = planForPrice(priceId, prices).orElseGet(() -> plan(text(object.path("metadata"), PLAN_CODE)));
            Instant start = periodStart != null ? periodStart : BillingTime.micros(created);
            subscription = create(
                    userId(text(object.path("metadata"), USER_ID)),
                    plan,
                    status,
                    start,
                    periodEnd != null ? periodEnd : plan.getBillingInterval().periodEnd(start),
                    stripeId);
        }
        Plan plan = planForPrice(priceId, prices).orElse(subscription.getPlan());
        subscription.applyProviderState(
                plan,
                status,
                periodStart,
                periodEnd,
                object.path("cancel_at_period_end").asBoolean(false),
                created,
                now());
        save(subscription);
        return Outcome.PROCESSED;
    }

    private Outcome invoicePaid(JsonNode object, Instant created, Map<String, String> prices) {
        Invoice invoice = mirror(object, created, prices);
        if (invoice.getStatus() == InvoiceStatus.PAID) {
            return Outcome.IGNORED;
        }
        String paymentId =
                Optional.ofNullable(idOf(object.path("payment_intent"))).orElse(text(object, "id"));
        Instant paidAt = epoch(object.path("status_transitions"), "paid_at", created);
        invoices.recordPayment(
                invoice, STRIPE, paymentId, object.path("amount_paid").asLong(invoice.getTotalMinor()), null, paidAt);
        subscriptions.findById(invoice.getSubscriptionId()).ifPresent(subscription -> {
            if (subscription.getStatus() == SubscriptionStatus.PAST_DUE) {
                subscription.markActive(now());
                save(subscription);
            }
        });
        return Outcome.PROCESSED;
    }

    private Outcome invoiceFailed(JsonNode object, ProviderEvent event, Map<String, String> prices) {
        Invoice invoice = mirror(object, event.created(), prices);
        if (invoice.getStatus() != InvoiceStatus.OPEN) {
            return Outcome.IGNORED;
        }
        invoices.recordFailedPayment(
                invoice,
                STRIPE,
                event.id(),
                object.path("amount_due").asLong(invoice.getTotalMinor()),
                "payment failed (attempt " + object.path("attempt_count").asLong(1) + ")");
        subscriptions.findById(invoice.getSubscriptionId()).ifPresent(subscription -> {
            SubscriptionStatus status = subscription.getStatus();
            if (status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.TRIALING) {
                subscription.markPastDue(now());
                save(subscription);
            }
        });
        return Outcome.PROCESSED;
    }

    /** Our copy of a Stripe invoice (numbered by us when first seen), and its subscription. */
    private Invoice mirror(JsonNode object, Instant created, Map<String, String> prices) {
        String stripeInvoiceId = text(object, "id");
        if (stripeInvoiceId == null) {
            throw new UnprocessableEvent("invoice without an id");
        }
        Optional<Invoice> known = invoiceRepository.findByProviderInvoiceId(stripeInvoiceId);
        if (known.isPresent()) {
            return known.get();
        }
        String currency = text(object, "currency");
        if (currency == null) {
            throw new UnprocessableEvent("invoice " + stripeInvoiceId + " without a currency");
        }
        JsonNode details = object.path("parent").path("subscription_details");
        String stripeSubscriptionId =
                Optional.ofNullable(idOf(details.path("subscription"))).orElse(idOf(object.path("subscription")));
        if (stripeSubscriptionId == null) {
            throw new UnprocessableEvent("invoice " + stripeInvoiceId + " belongs to no subscription");
        }
        JsonNode metadata = details.path("metadata").isObject()
                ? details.path("metadata")
                : object.path("subscription_details").path("metadata");
        JsonNode firstLine = object.path("lines").path("data").path(0);
        Subscription subscription = subscriptions
                .findByProviderSubscriptionId(stripeSubscriptionId)
                .orElseGet(() -> {
                    // The invoice overtook the checkout: the subscription's metadata names the user.
                    Plan plan = planForPrice(
                                    idOf(firstLine
                                            .path("pricing")
                                            .path("price_details")
                                            .path("price")),
                                    prices)
                            .or(() -> planForPrice(idOf(firstLine.path("price")), prices))
                            .orElseGet(() -> plan(text(metadata, PLAN_CODE)));
                    Instant start = BillingTime.micros(created);
                    Subscription fresh = create(
                            userId(text(metadata, USER_ID)),
                            plan,
                            SubscriptionStatus.ACTIVE,
                            start,
                            plan.getBillingInterval().periodEnd(start),
                            stripeSubscriptionId);
                    save(fresh);
                    return fresh;
                });

        Invoice invoice = new Invoice(
                subscription.getUserId(),
                subscription.getId(),
                reason(text(object, "billing_reason")),
                currency.toUpperCase(Locale.ROOT),
                epoch(object, "period_start", null),
                epoch(object, "period_end", null),
                STRIPE,
                now());
        for (JsonNode line : object.path("lines").path("data")) {
            long amount = line.path("amount").asLong(0);
            invoice.addLine(new InvoiceLine(
                    Optional.ofNullable(text(line, "description")).orElse("Stripe"),
                    1,
                    amount,
                    epoch(line.path("period"), "start", null),
                    epoch(line.path("period"), "end", null)));
        }
        if (invoice.getLines().isEmpty()) {
            invoice.addLine(new InvoiceLine(
                    subscription.getPlan().getName(), 1, object.path("subtotal").asLong(0), null, null));
        }
        invoice.linkProvider(stripeInvoiceId);
        Instant issuedAt = BillingTime.micros(created);
        return invoices.issue(invoice, issuedAt, epoch(object, "due_date", issuedAt));
    }

    private Subscription create(
            UUID userId, Plan plan, SubscriptionStatus status, Instant start, Instant end, String stripeId) {
        // One live subscription per user: paying through Stripe replaces a manual one (e.g. Free).
        subscriptions.findLive(userId).ifPresent(previous -> {
            previous.cancel(now(), now());
            save(previous);
        });
        Subscription subscription = new Subscription(userId, plan, status, start, end, STRIPE, now());
        subscription.linkProvider(STRIPE, stripeId);
        return subscription;
    }

    private void save(Subscription subscription) {
        subscriptions.saveAndFlush(subscription);
        events.publishEvent(SubscriptionChanged.of(subscription));
    }

    private Instant now() {
        return BillingTime.now(clock);
    }

    private Plan plan(String code) {
        if (code == null) {
            throw new UnprocessableEvent("no plan_code in the metadata");
        }
        return plans.findByCode(code).orElseThrow(() -> new UnprocessableEvent("unknown plan " + code));
    }

    private Optional<Plan> planForPrice(String priceId, Map<String, String> prices) {
        if (priceId == null) {
            return Optional.empty();
        }
        return prices.entrySet().stream()
                .filter(e -> e.getValue().equals(priceId))
                .findFirst()
                .flatMap(e -> plans.findByCode(e.getKey()));
    }

    private static UUID userId(String value) {
        if (value == null) {
            throw new UnprocessableEvent("no user_id in the metadata");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEvent("user_id is not a UUID");
        }
    }

    /** Stripe's statuses on ours; null for {@code incomplete} (not live yet). */
    static SubscriptionStatus status(String stripe) {
        if (stripe == null) {
            throw new UnprocessableEvent("subscription without a status");
        }
        return switch (stripe) {
            case "trialing" -> SubscriptionStatus.TRIALING;
            case "active" -> SubscriptionStatus.ACTIVE;
            case "past_due", "unpaid", "paused" -> SubscriptionStatus.PAST_DUE;
            case "canceled", "incomplete_expired" -> SubscriptionStatus.CANCELED;
            default -> null;
        };
    }

    private static BillingReason reason(String stripe) {
        if (stripe == null) {
            return BillingReason.MANUAL;
        }
        return switch (stripe) {
            case "subscription_create" -> BillingReason.SUBSCRIPTION_CREATE;
            case "subscription_cycle" -> BillingReason.SUBSCRIPTION_CYCLE;
            case "subscription_update" -> BillingReason.SUBSCRIPTION_UPDATE;
            default -> BillingReason.MANUAL;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** A reference that is either an id or an expanded object with an {@code id}. */
    private static String idOf(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isObject() ? text(node, "id") : node.asString();
    }

    private static Instant epoch(JsonNode node, String field, Instant fallback) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? fallback : Instant.ofEpochSecond(value.asLong());
    }
}
