package dev.useboth.core.billing;

import static dev.useboth.core.billing.BillingFixtures.newPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every billing endpoint over real HTTP, with real access tokens, the manual provider. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class BillingApiIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    RenewalJob renewal;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aUserSubscribesAndSeesTheSubscriptionInvoicesAndEntitlements() throws Exception {
        TestUser alice = users.create();
        String plan = newPlan("pro", 1900, "month", 0, "projects=50", "support.email");

        HttpResponse<String> none = send(alice, "GET", "/api/v1/billing/entitlements", null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("\"features\":[]").contains("\"plan\":null");
        assertProblem(send(alice, "GET", "/api/v1/billing/subscription", null), 404);

        HttpResponse<String> created = send(alice, "POST", "/api/v1/billing/subscription", planCode(plan));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body())
                .contains("\"planCode\":\"" + plan + "\"", "\"status\":\"active\"", "\"amountFormatted\":\"€19.00\"");

        assertThat(send(alice, "POST", "/api/v1/billing/subscription", planCode(plan))
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(alice, "GET", "/api/v1/billing/subscription", null).body())
                .contains("\"planCode\":\"" + plan + "\"");

        HttpResponse<String> invoices = send(alice, "GET", "/api/v1/billing/invoices?limit=5", null);
        assertThat(invoices.statusCode()).isEqualTo(200);
        assertThat(invoices.body())
                .contains("\"status\":\"open\"", "\"totalMinor\":1900", "\"amountFormatted\":\"€19.00\"")
                .contains("\"nextCursor\":null");

        HttpResponse<String> entitlements = send(alice, "GET", "/api/v1/billing/entitlements", null);
        assertThat(entitlements.body())
                .contains("\"userId\":\"" + alice.id() + "\"", "\"plan\":\"" + plan + "\"", "\"status\":\"active\"")
                .contains("{\"key\":\"projects\",\"limit\":50}", "{\"key\":\"support.email\",\"limit\":null}");

        HttpResponse<String> canceled = send(alice, "DELETE", "/api/v1/billing/subscription", null);
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(canceled.body()).contains("\"cancelAtPeriodEnd\":true");
    }

    @Test
    void manualCheckoutReturnsThePendingInvoice() throws Exception {
        TestUser bob = users.create();
        String plan = newPlan("team", 4900, "month", 0, "seats=10");

        HttpResponse<String> response = send(bob, "POST", "/api/v1/billing/checkout", planCode(plan));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"provider\":\"manual\"", "\"redirectUrl\":null")
                .contains("\"pendingInvoice\":{", "\"amountFormatted\":\"€49.00\"");
    }

    @Test
    void aConflictingChangeIs409() throws Exception {
        TestUser carol = users.create();
        send(carol, "POST", "/api/v1/billing/subscription", planCode(newPlan("basic", 1000, "month", 0)));
        Subscription subscription = subscriptions.current(carol.id()).orElseThrow();
        renewal.run(subscription.getCurrentPeriodStart().plus(Duration.ofDays(5))); // unpaid: past due

        assertProblem(
                send(carol, "POST", "/api/v1/billing/subscription", planCode(newPlan("pro", 2000, "month", 0))), 409);
    }

    @Test
    void badInputOnEveryEndpointIsAProblem() throws Exception {
        TestUser dave = users.create();
        String[] badBodies = {
            "",
            "{",
            "{}",
            "{\"planCode\":\"\"}",
            "{\"planCode\":\"Not A Code\"}",
            "{\"planCode\":\"no-such-plan\"}",
            "{\"planCode\":[1]}"
        };
        for (String path : new String[] {"/api/v1/billing/subscription", "/api/v1/billing/checkout"}) {
            for (String body : badBodies) {
                HttpResponse<String> response = send(dave, "POST", path, body);
                assertProblem(response, 400);
                assertThat(response.body()).as(path + " " + body).doesNotContain("Exception", "at dev.", "SQL");
            }
        }
        HttpResponse<String> unknownPlan =
                send(dave, "POST", "/api/v1/billing/subscription", "{\"planCode\":\"no-such-plan\"}");
        assertThat(unknownPlan.body()).contains("\"field\":\"planCode\"");

        assertProblem(send(dave, "GET", "/api/v1/billing/invoices?limit=0", null), 400);
        assertProblem(send(dave, "GET", "/api/v1/billing/invoices?limit=1000", null), 400);
        assertProblem(send(dave, "GET", "/api/v1/billing/invoices?limit=abc", null), 400);
        assertProblem(send(dave, "GET", "/api/v1/billing/invoices?cursor=%25%25", null), 400);
        assertProblem(send(dave, "DELETE", "/api/v1/billing/subscription", null), 404);
        assertProblem(send(dave, "GET", "/api/v1/billing/subscription", null), 404);

        HttpRequest wrongType = HttpRequest.newBuilder(url("/api/v1/billing/subscription"))
                .header("Authorization", dave.bearer())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("pro"))
                .build();
        assertProblem(http.send(wrongType, HttpResponse.BodyHandlers.ofString()), 415);

        // Stripe is not configured in this context; the webhook path is public, so 404 not 401.
        HttpRequest webhook = HttpRequest.newBuilder(url("/api/v1/billing/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        assertProblem(http.send(webhook, HttpResponse.BodyHandlers.ofString()), 404);
    }

    @Test
    void everyEndpointButPlansAndWebhooksNeedsAToken() throws Exception {
        for (String[] call : new String[][] {
            {"GET", "/api/v1/billing/subscription"},
            {"POST", "/api/v1/billing/subscription"},
            {"DELETE", "/api/v1/billing/subscription"},
            {"GET", "/api/v1/billing/invoices"},
            {"GET", "/api/v1/billing/entitlements"},
            {"POST", "/api/v1/billing/checkout"}
        }) {
            HttpRequest request = HttpRequest.newBuilder(url(call[1]))
                    .header("Content-Type", "application/json")
                    .method(call[0], HttpRequest.BodyPublishers.ofString("{\"planCode\":\"pro\"}"))
                    .build();
            assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 401);
        }
        HttpRequest plans = HttpRequest.newBuilder(url("/api/v1/billing/plans")).build();
        assertThat(http.send(plans, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesEveryBillingEndpoint() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(url("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JsonMapper.shared().readTree(response.body()).path("paths");
        for (String path : new String[] {
            "/api/v1/billing/plans",
            "/api/v1/billing/subscription",
            "/api/v1/billing/invoices",
            "/api/v1/billing/entitlements",
            "/api/v1/billing/checkout",
            "/api/v1/billing/webhooks/{provider}"
        }) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        // The caller comes from the token, not from a parameter.
        assertThat(paths.path("/api/v1/billing/invoices")
                        .path("get")
                        .path("parameters")
                        .toString())
                .contains("\"limit\"", "\"cursor\"")
                .doesNotContain("\"me\"");
        assertThat(paths.path("/api/v1/billing/entitlements").path("get").has("parameters"))
                .isFalse();
    }

    private static String planCode(String code) {
        return "{\"planCode\":\"" + code + "\"}";
    }

    private HttpResponse<String> send(TestUser user, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Authorization", user.bearer());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}
