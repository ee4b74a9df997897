package dev.useboth.core.billing;

import dev.useboth.core.admin.AdminPermission;
import dev.useboth.core.admin.AdminResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Subscriptions, invoices and webhook events in the admin. Nobody adds or deletes them by hand:
 * they change only through the billing services' rules (cancel, mark paid, void), which staff
 * may run; invoices are accounting records and events are evidence, so both stay.
 */
@Configuration(proxyBeanMethods = false)
class BillingAdmin {

    @Bean
    AdminResource<Subscription> subscriptionResource(SubscriptionService subscriptions) {
        return AdminResource.of(Subscription.class)
                .list("id", "userId", "plan", "status", "currentPeriodEnd", "cancelAtPeriodEnd", "provider")
                .search("id", "userId", "providerSubscriptionId")
                .filters("status", "plan", "cancelAtPeriodEnd", "provider")
                .ordering("-createdAt")
                .readOnly("pendingPlan", "currentPeriodStart", "canceledAt", "providerSubscriptionId", "createdAt")
                .field("userId", f -> f.label("User").references("users"))
                .disable(AdminPermission.ADD, AdminPermission.DELETE)
                .staffCan(AdminPermission.CHANGE)
                .action(
                        "cancel",
                        "Cancel at period end",
                        AdminPermission.CHANGE,
                        s -> subscriptions.cancel(s.getUserId()))
                .display(s ->
                        s.getPlan().getName() + " · " + s.getId().toString().substring(0, 8))
                .build();
    }

    @Bean
    AdminResource<Invoice> invoiceResource(InvoiceService invoices) {
        return AdminResource.of(Invoice.class)
                .list("number", "userId", "status", "totalMinor", "issuedAt", "dueAt", "paidAt")
                .money("totalMinor", "currency")
                .money("subtotalMinor", "currency")
                .search("number", "id", "userId", "providerInvoiceId")
                .filters("status", "issuedAt", "dueAt", "currency", "billingReason")
                .ordering("-createdAt")
                .readOnly(
                        "id",
                        "billingReason",
                        "subtotalMinor",
                        "currency",
                        "periodStart",
                        "periodEnd",
                        "subscriptionId",
                        "provider",
                        "providerInvoiceId",
                        "createdAt")
                .field("userId", f -> f.label("User").references("users"))
                .field("subscriptionId", f -> f.label("Subscription").references("subscriptions"))
                .field("totalMinor", f -> f.label("Total"))
                .field("issuedAt", f -> f.label("Issued"))
                .disable(AdminPermission.ADD, AdminPermission.DELETE)
                .staffCan(AdminPermission.CHANGE)
                .action(
                        "mark-paid",
                        "Mark paid",
                        AdminPermission.CHANGE,
                        (invoice, actor) -> invoices.markPaid(invoice.getId(), actor))
                .action(
                        "void",
                        "Void",
                        AdminPermission.CHANGE,
                        (invoice, actor) -> invoices.voidInvoice(invoice.getId(), actor))
                .display(i -> i.getNumber() != null
                        ? i.getNumber()
                        : "draft " + i.getId().toString().substring(0, 8))
                .build();
    }

    @Bean
    AdminResource<WebhookEvent> webhookEventResource() {
        return AdminResource.of(WebhookEvent.class)
                .list("receivedAt", "provider", "eventType", "eventId", "status", "processedAt")
                .search("eventId", "eventType")
                .filters("status", "provider", "receivedAt")
                .ordering("-receivedAt")
                .readOnly("error", "payload")
                .field("status", f -> f.choices("received", "processed", "ignored", "failed"))
                .readOnlyModel()
                .display(e -> e.getEventType() + " " + e.getEventId())
                .build();
    }
}
