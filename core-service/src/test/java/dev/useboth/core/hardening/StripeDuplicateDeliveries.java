package dev.useboth.core.hardening;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.billing.BillingTestHooks.all;

import dev.useboth.core.auth.ApiClient;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.core.billing.StripeTestPayloads;
import dev.useboth.schema.testing.SuiteSummary;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * ConcurrencyIT's duplicate-delivery race for the Stripe adapter: one signed event delivered 50
 * times at once is processed once (one invoice, one payment, one stored event), every delivery
 * answered 200. A {@code Stripe*} file, so that {@code --without-stripe} removes it with the
 * adapter; ConcurrencyIT finds it by name.
 */
final class StripeDuplicateDeliveries implements ConcurrencyIT.WebhookRace {

    @Override
    public void configure(DynamicPropertyRegistry registry) {
        registry.add("billing.provider", () -> "stripe");
        registry.add("billing.stripe.secret-key", () -> "sk_test_not_a_real_key");
        registry.add("billing.stripe.webhook-secret", () -> StripeTestPayloads.SECRET);
        registry.add("billing.stripe.price-ids", () -> ConcurrencyIT.PLAN + "=price_race");
        // Nothing listens there: the race does not call Stripe's API.
        registry.add("billing.stripe.api-base", () -> "http://127.0.0.1:9");
    }

    @Override
    public void race(ConcurrencyIT test) throws Exception {
        SuiteSummary suite = ConcurrencyIT.SUITE;
        TestUser frank = test.users.create();
        ApiClient api = new ApiClient(test.port);
        String subscription = "sub_" + UUID.randomUUID();
        String invoiceId = "in_" + UUID.randomUUID();
        long now = StripeTestPayloads.now();
        String event = StripeTestPayloads.invoicePaid(
                "evt_" + UUID.randomUUID(), invoiceId, subscription, frank.id(), now, ConcurrencyIT.PLAN);
        String signature = StripeTestPayloads.sign(event, now);

        List<Object> responses =
                all(50, () -> api.post("/api/v1/billing/webhooks/stripe", event, "Stripe-Signature", signature));

        String webhook = "webhook: one event delivered 50 times at once: ";
        suite.check(
                webhook + "every delivery answered 200",
                responses.stream().allMatch(r -> ConcurrencyIT.status(r) == 200),
                ConcurrencyIT.statuses(responses));
        long processed = responses.stream()
                .filter(r -> ConcurrencyIT.body(r).contains("processed"))
                .count();
        suite.check(
                webhook + "exactly one processed (the others: duplicate)", processed == 1, processed + " processed");
        suite.check(
                webhook + "one invoice",
                test.count("select count(*) from invoices where provider_invoice_id = ?", invoiceId) == 1,
                "");
        suite.check(
                webhook + "one payment",
                test.count(
                                "select count(*) from payments p join invoices i on i.id ="
                                        + " p.invoice_id where i.provider_invoice_id = ?",
                                invoiceId)
                        == 1,
                "");
        String state = test.jdbc
                .sql("select status from invoices where provider_invoice_id = ?")
                .param(invoiceId)
                .query(String.class)
                .single();
        suite.check(webhook + "the invoice is paid", "paid".equals(state), state);
        suite.check(
                webhook + "one stored event",
                test.count("select count(*) from webhook_events where payload->'data'->'object'->>'id' = ?", invoiceId)
                        == 1,
                "");
        // The invoice overtook the checkout: the subscription came from its metadata.
        String plan = json(api.get("/api/v1/billing/entitlements", "Authorization", frank.bearer()))
                .get("plan")
                .asString();
        suite.check(webhook + "the user is entitled to the plan", ConcurrencyIT.PLAN.equals(plan), plan);
    }
}
