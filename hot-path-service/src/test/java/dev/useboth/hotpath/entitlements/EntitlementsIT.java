package dev.useboth.hotpath.entitlements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntitlementsIT {

    static final ObjectMapper json = new ObjectMapper();
    static TestApp hot;

    @BeforeAll
    static void start() throws Exception {
        TestData.plan("ent-basic", 900, "seats", 3L, "api", null);
        TestData.plan("ent-pro", 2900, "seats", 25L, "api", null, "sso", null);
        hot = TestApp.shared().awaitListening();
    }

    @Test
    void theCallerSeesTheFeaturesOfTheirLivePlan() throws Exception {
        UUID user = TestData.user();
        TestData.subscribe(user, "ent-basic");

        HttpResponse<String> response = hot.get("/hot/v1/me/entitlements", hot.keys.token(user));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).hasValue("private, no-store");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("userId").asText()).isEqualTo(user.toString());
        assertThat(body.get("plan").asText()).isEqualTo("ent-basic");
        assertThat(body.get("status").asText()).isEqualTo("active");
        assertThat(body.get("validUntil").asText()).endsWith("Z");
        assertThat(body.get("features").toString())
                .isEqualTo("[{\"key\":\"api\",\"limit\":null},{\"key\":\"seats\",\"limit\":3}]");
    }

    @Test
    void aUserWithoutASubscriptionHasNoFeatures() throws Exception {
        UUID user = TestData.user();
        JsonNode body = json.readTree(
                hot.get("/hot/v1/me/entitlements", hot.keys.token(user)).body());
        assertThat(body.get("plan").isNull()).isTrue();
        assertThat(body.get("features")).isEmpty();
    }

    @Test
    void aCommittedChangeReachesTheCachedAnswerWithinASecond() throws Exception {
        UUID user = TestData.user();
        UUID subscription = TestData.subscribe(user, "ent-basic");
        String token = hot.keys.token(user);
        // Twice: the second answer comes from the cache.
        assertThat(hot.get("/hot/v1/me/entitlements", token).body()).contains("\"plan\":\"ent-basic\"");
        assertThat(hot.get("/hot/v1/me/entitlements", token).body()).contains("\"plan\":\"ent-basic\"");

        TestData.changePlan(subscription, "ent-pro");

        long changedAt = System.nanoTime();
        String body;
        do {
            body = hot.get("/hot/v1/me/entitlements", token).body();
        } while (!body.contains("\"plan\":\"ent-pro\"")
                && System.nanoTime() - changedAt < Duration.ofSeconds(1).toNanos());
        assertThat(body).contains("\"plan\":\"ent-pro\"", "\"key\":\"sso\"");
    }

    @Test
    void anotherServiceReadsAUsersEntitlementsByIdWithTheScope() throws Exception {
        UUID user = TestData.user();
        TestData.subscribe(user, "ent-pro");
        String service = hot.keys.token(UUID.randomUUID(), List.of(), "entitlements:read");

        HttpResponse<String> response = hot.get("/hot/v1/users/" + user + "/entitlements", service);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"plan\":\"ent-pro\"", user.toString());
    }

    @Test
    void aBadUserIdIsA400NamingThePathParameter() throws Exception {
        String service = hot.keys.token(UUID.randomUUID(), List.of(), "entitlements:read");
        HttpResponse<String> response = hot.get("/hot/v1/users/42/entitlements", service);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode errors = json.readTree(response.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("in").asText()).isEqualTo("path");
        assertThat(errors.get(0).get("name").asText()).isEqualTo("id");
        assertThat(errors.get(0).get("message").asText()).isEqualTo("must be a UUID");
    }

    @Test
    void withTheCacheOffEveryReadGoesToTheDatabase() throws Exception {
        try (TestApp uncached =
                TestApp.start(Map.of("HOT_CACHE_ENABLED", "false")).awaitListening()) {
            UUID user = TestData.user();
            UUID subscription = TestData.subscribe(user, "ent-basic");
            String token = uncached.keys.token(user);
            assertThat(uncached.get("/hot/v1/me/entitlements", token).body()).contains("ent-basic");
            TestData.changePlan(subscription, "ent-pro");
            // No event needed: nothing was cached.
            assertThat(uncached.get("/hot/v1/me/entitlements", token).body()).contains("ent-pro");
        }
    }
}
