package dev.useboth.core.billing;

import static dev.useboth.core.billing.BillingFixtures.newPlan;
import static dev.useboth.core.billing.BillingFixtures.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Stripe adapter over real HTTP with payloads signed here, as Stripe signs them: the header
 * {@code t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint secret>}. Stripe's
 * API itself is a local server standing in for api.stripe.com (no network in tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class StripeWebhookIT {

    static final String SECRET = StripeTestPayloads.SECRET;
    static final AtomicReference<String> lastCheckoutRequest = new AtomicReference<>();
    static final AtomicReference<String> lastSubscriptionUpdate = new AtomicReference<>();
    static final HttpServer fakeStripe = fakeStripe();

    static String proCode = newPlan("spro", 2500, "month", 0, "projects=25");
    static String teamCode = newPlan("steam", 6000, "month", 0, "projects=100", "seats=5");

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("billing.provider", () -> "stripe");
        registry.add("billing.stripe.secret-key", () -> "sk_test_not_a_real_key");
        registry.add("billing.stripe.webhook-secret", () -> SECRET);
        registry.add("billing.stripe.price-ids", () -> proCode + "=price_pro," + teamCode + "=price_team");
        registry.add(
                "billing.stripe.api-base",
                () -> "http://localhost:" + fakeStripe.getAddress().getPort());
    }

    @AfterAll
    static void stopFakeStripe() {
        fakeStripe.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EntitlementReads entitlements;

    @Autowired
    TestUsers users;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void checkoutCreatesASessionForThePlansPriceAndReturnsItsUrl() throws Exception {
        TestUser frank = users.create();
        UUID user = frank.id();
        HttpRequest request = HttpRequest.newBuilder(url("/api/v1/billing/checkout"))
                .header("Authorization", frank.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"planCode\":\"" + proCode + "\"}"))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "\"provider\":\"stripe\"", "\"redirectUrl\":\"https://checkout.stripe.test/c/pay/cs_test_1\"");
        String form = URLDecoder.decode(lastCheckoutRequest.get(), StandardCharsets.UTF_8);
        assertThat(form)
                .contains("mode=subscription")
                .contains("line_items[0][price]=price_pro")
                .contains("client_reference_id=" + user)
                .contains("subscription_data[metadata][user_id]=" + user)
                .contains("subscription_data[metadata][plan_code]=" + proCode);
    }

    @Test
    void aCompletedCheckoutSubscribesTheUser() throws Exception {
        UUID user = newUser();
        HttpResponse<String> response =
                deliver(checkoutCompleted("evt_" + UUID.randomUUID(), user, "sub_" + UUID.randomUUID(), now()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"result\":\"processed\"");
        EntitlementsResponse granted = entitlements.forUser(user);
        assertThat(granted.plan()).isEqualTo(proCode);
        assertThat(granted.status()).isEqualTo("active");
    }

    @Test
    void twoEventsRacingToCreateOneSubscriptionEndInOneStateWithoutAServerError() throws Exception {
        UUID user = newUser();
        String subscription = "sub_" + UUID.randomUUID();
        String invoiceId = "in_" + UUID.randomUUID();
        List<String> events = List.of(
                checkoutCompleted("evt_" + UUID.randomUUID(), user, subscription, now()),
                invoicePaid("evt_" + UUID.randomUUID(), invoiceId, subscription, user, now()));
        AtomicInteger next = new AtomicInteger();

        List<Object> first = BillingTestHooks.all(2, () -> deliver(events.get(next.getAndIncrement())));
        // The loser of the race, if any, answers 409 and is applied when the provider retries.
        assertThat(first)
                .allSatisfy(r -> assertThat(((HttpResponse<?>) r).statusCode()).isIn(200, 409));
        for (String event : events) {
            assertThat(deliver(event).statusCode()).isEqualTo(200);
        }

        assertThat(count("select count(*) from subscriptions where user_id = '" + user + "'"))
                .isEqualTo(1);
        assertThat(jdbc.sql("select status from invoices where provider_invoice_id = :id")
                        .param("id", invoiceId)
                        .query(String.class)
                        .single())
                .isEqualTo("paid");
        assertThat(entitlements.forUser(user).status()).isEqualTo("active");
    }

    @Test
    void cancellingAStripeSubscriptionCancelsItAtStripeAndItsPlanChangesThere() throws Exception {
        TestUser grace = users.create();
        String subscription = "sub_" + UUID.randomUUID();
        deliver(checkoutCompleted("evt_" + UUID.randomUUID(), grace.id(), subscription, now()));

        HttpResponse<String> canceled = http.send(
                HttpRequest.newBuilder(url("/api/v1/billing/subscription"))
                        .header("Authorization", grace.bearer())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(canceled.body()).contains("\"cancelAtPeriodEnd\":true", "\"provider\":\"stripe\"");
        assertThat(lastSubscriptionUpdate.get()).isEqualTo("POST " + subscription + " cancel_at_period_end=true");

        HttpResponse<String> change = http.send(
                HttpRequest.newBuilder(url("/api/v1/billing/subscription"))
                        .header("Authorization", grace.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"planCode\":\"" + teamCode + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(change, 409);
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String event = checkoutCompleted("evt_" + UUID.randomUUID(), newUser(), "sub_x", now());
        String signature = sign(event, now());

        HttpResponse<String> response = post(event.replace(proCode, teamCode), signature);

        assertProblem(response, 400);
        assertThat(response.body()).doesNotContain("whsec").doesNotContain("Exception");
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        String event = checkoutCompleted("evt_" + UUID.randomUUID(), newUser(), "sub_x", now());
        String signature = "t=" + now() + ",v1=" + hmac("whsec_someone_else", now() + "." + event);

        assertProblem(post(event, signature), 400);
    }

    @Test
    void aStaleTimestampIsRefused() throws Exception {
        long tenMinutesAgo = now() - 600;
        String event = checkoutCompleted("evt_" + UUID.randomUUID(), newUser(), "sub_x", tenMinutesAgo);

        assertProblem(post(event, sign(event, tenMinutesAgo)), 400);
    }

    @Test
    void aMissingSignatureIsRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url("/api/v1/billing/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 400);
    }

    @Test
    void anUnknownEventTypeIsStoredAndIgnored() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        String event = envelope(id, "customer.tax_id.created", now(), "{\"id\":\"txi_1\",\"object\":\"tax_id\"}");

        HttpResponse<String> response = deliver(event);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"result\":\"ignored\"");
        assertThat(jdbc.sql("select status from webhook_events where provider = 'stripe' and event_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("ignored");
        assertThat(deliver(event).body()).contains("\"result\":\"duplicate\"");
    }

    @Test
    void anOlderSubscriptionUpdateArrivingLateIsIgnored() throws Exception {
        UUID user = newUser();
        String subscription = "sub_" + UUID.randomUUID();
        long t = now();
        deliver(checkoutCompleted("evt_" + UUID.randomUUID(), user, subscription, t - 30));

        // The newer event (past due on Team) arrives first, the older one (active on Pro) after it.
        assertThat(deliver(subscriptionUpdated(
                                "evt_" + UUID.randomUUID(), subscription, user, "past_due", "price_team", t))
                        .body())
                .contains("processed");
        assertThat(deliver(subscriptionUpdated(
                                "evt_" + UUID.randomUUID(), subscription, user, "active", "price_pro", t - 10))
                        .body())
                .contains("ignored");

        EntitlementsResponse state = entitlements.forUser(user);
        assertThat(state.status()).isEqualTo("past_due");
        assertThat(state.plan()).isEqualTo(teamCode);
    }

    @Test
    void aFailedPaymentMakesTheSubscriptionPastDueAndADeletedOneEndsIt() throws Exception {
        UUID user = newUser();
        String subscription = "sub_" + UUID.randomUUID();
        deliver(checkoutCompleted("evt_" + UUID.randomUUID(), user, subscription, now() - 5));

        String failed = envelope(
                "evt_" + UUID.randomUUID(),
                "invoice.payment_failed",
                now(),
                invoiceObject("in_" + UUID.randomUUID(), subscription, user, "open"));
        assertThat(deliver(failed).body()).contains("processed");
        assertThat(entitlements.forUser(user).status()).isEqualTo("past_due");
        assertThat(count("select count(*) from payments p join subscriptions s on s.id = (select subscription_id"
                        + " from invoices where id = p.invoice_id) where s.provider_subscription_id = '"
                        + subscription + "' and p.status = 'failed'"))
                .isEqualTo(1);

        String deleted = envelope(
                "evt_" + UUID.randomUUID(),
                "customer.subscription.deleted",
                now() + 1,
                subscriptionObject(subscription, user, "canceled", "price_pro"));
        assertThat(deliver(deleted).body()).contains("processed");
        assertThat(entitlements.forUser(user).features()).isEmpty();
    }

    @Test
    void aProviderThatIsNotConfiguredIsNotFound() throws Exception {
        for (String provider : List.of("paypal", "manual")) {
            HttpRequest request = HttpRequest.newBuilder(url("/api/v1/billing/webhooks/" + provider))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 404);
        }
    }

    // --- Stripe's payloads, as its API version 2025+ shapes them ---------------------------------

    static String envelope(String id, String type, long created, String object) {
        return StripeTestPayloads.envelope(id, type, created, object);
    }

    static String checkoutCompleted(String eventId, UUID user, String subscription, long created) {
        return envelope(eventId, "checkout.session.completed", created, """
                {"id":"cs_test_%s","object":"checkout.session","mode":"subscription","status":"complete",\
                "client_reference_id":"%s","customer":"cus_test","subscription":"%s",\
                "metadata":{"user_id":"%s","plan_code":"%s"}}""".formatted(
                        UUID.randomUUID(), user, subscription, user, proCode));
    }

    static String subscriptionObject(String id, UUID user, String status, String price) {
        long start = now() - 86_400;
        return """
                {"id":"%s","object":"subscription","status":"%s","cancel_at_period_end":false,"customer":"cus_test",\
                "metadata":{"user_id":"%s","plan_code":"%s"},\
                "items":{"object":"list","data":[{"id":"si_1","object":"subscription_item",\
                "current_period_start":%d,"current_period_end":%d,"price":{"id":"%s","object":"price"}}]}}""".formatted(id, status, user, proCode, start, start + 30 * 86_400, price);
    }

    static String subscriptionUpdated(
            String eventId, String subscription, UUID user, String status, String price, long created) {
        return envelope(
                eventId,
                "customer.subscription.updated",
                created,
                subscriptionObject(subscription, user, status, price));
    }

    static String invoiceObject(String id, String subscription, UUID user, String status) {
        return StripeTestPayloads.invoiceObject(id, subscription, user, status, proCode);
    }

    static String invoicePaid(String eventId, String invoiceId, String subscription, UUID user, long created) {
        return StripeTestPayloads.invoicePaid(eventId, invoiceId, subscription, user, created, proCode);
    }

    // --- signing and sending -----------------------------------------------------------------------

    static long now() {
        return StripeTestPayloads.now();
    }

    static String sign(String payload, long timestamp) {
        return StripeTestPayloads.sign(payload, timestamp);
    }

    static String hmac(String secret, String signedPayload) {
        return StripeTestPayloads.hmac(secret, signedPayload);
    }

    HttpResponse<String> deliver(String event) throws Exception {
        return post(event, sign(event, now()));
    }

    HttpResponse<String> post(String event, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url("/api/v1/billing/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    /** Stripe's API, as far as creating a Checkout Session goes. */
    private static HttpServer fakeStripe() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/v1/checkout/sessions", exchange -> {
                lastCheckoutRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = """
                        {"id":"cs_test_1","object":"checkout.session","mode":"subscription",\
                        "url":"https://checkout.stripe.test/c/pay/cs_test_1"}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/v1/subscriptions/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/v1/subscriptions/".length());
                lastSubscriptionUpdate.set(exchange.getRequestMethod() + " " + id + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = ("{\"id\":\"" + id + "\",\"object\":\"subscription\",\"status\":\"active\","
                                + "\"cancel_at_period_end\":true}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
