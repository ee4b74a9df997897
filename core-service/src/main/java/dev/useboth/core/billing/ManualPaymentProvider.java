package dev.useboth.core.billing;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * No payment network: checkout subscribes the user (by the usual plan-change rule) and returns
 * the invoice to pay by other means; staff mark it paid in the admin panel.
 */
@Component
class ManualPaymentProvider implements PaymentProvider {

    private final SubscriptionService subscriptions;
    private final InvoiceRepository invoices;

    ManualPaymentProvider(SubscriptionService subscriptions, InvoiceRepository invoices) {
        this.subscriptions = subscriptions;
        this.invoices = invoices;
    }

    @Override
    public String id() {
        return "manual";
    }

    @Override
    @Transactional
    public CheckoutResponse checkout(UUID userId, Plan plan) {
        Subscription subscription =
                subscriptions.subscribe(userId, plan.getCode()).subscription();
        InvoiceResponse pending = invoices.findFirstPage(userId, 20).stream()
                .filter(i -> i.getStatus() == InvoiceStatus.OPEN)
                .findFirst()
                .map(InvoiceResponse::of)
                .orElse(null);
        return new CheckoutResponse(id(), null, SubscriptionResponse.of(subscription), pending);
    }
}
