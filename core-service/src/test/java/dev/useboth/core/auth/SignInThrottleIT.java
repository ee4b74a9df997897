package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.core.common.AuthProperties;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Failed sign-ins are limited per account (5) and per client address (20), in the database. Each
 * test signs in from its own documentation address (X-Forwarded-For, trusted from localhost as it
 * is from the gateway), so that it does not throttle the other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class SignInThrottleIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    AuthProperties properties;

    @Autowired
    DataSource dataSource;

    ApiClient api;
    String address;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        address = "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    @Test
    void refusesEvenTheRightPasswordWith429AfterFiveFailuresForTheAccount() {
        TestUser user = users.create();
        for (int i = 0; i < 5; i++) {
            assertThat(token(user.email(), "wrong-password-" + i, address).statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> throttled = token(user.email(), user.password(), address);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        long retryAfter =
                Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(json(throttled).get("status").asInt()).isEqualTo(429);
        // The account is throttled from anywhere, not just from that address.
        assertThat(token(user.email(), user.password(), "192.0.2.77").statusCode())
                .isEqualTo(429);
    }

    @Test
    void throttlesAClientAddressThatTriesManyAccounts() {
        for (int i = 0; i < 20; i++) {
            String stranger = "stranger-" + UUID.randomUUID() + "@example.test";
            assertThat(token(stranger, "wrong-password", address).statusCode()).isEqualTo(401);
        }
        TestUser user = users.create();

        assertThat(token(user.email(), user.password(), address).statusCode()).isEqualTo(429);
        // Another address is not affected.
        assertThat(token(user.email(), user.password(), "192.0.2.78").statusCode())
                .isEqualTo(200);
    }

    @Test
    void throttlesTheLoginFormTooWith429AndRetryAfter() {
        TestUser user = users.create();
        BrowserSession browser = new BrowserSession("http://localhost:" + port);
        for (int i = 0; i < 5; i++) {
            String csrf = browser.csrfToken();
            HttpResponse<String> failed = browser.send(browser.request("/login")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", address)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "username=" + user.email() + "&password=nope-" + i + "&_csrf=" + csrf))
                    .build());
            assertThat(failed.statusCode()).isEqualTo(302);
        }

        HttpResponse<String> throttled =
                browser.postForm("/login", Map.of("username", user.email(), "password", user.password()));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("Too many failed sign-ins");
    }

    @Test
    void keepsTheStateInTheDatabaseForEveryReplica() {
        TestUser user = users.create();
        for (int i = 0; i < 5; i++) {
            token(user.email(), "wrong-password-" + i, address);
        }

        // Another core instance on the same database sees the same buckets.
        SignInThrottle otherReplica = new SignInThrottle(properties, dataSource);

        assertThat(otherReplica.blocked(user.email(), null)).isPresent();
        assertThat(otherReplica.blocked("someone-else@example.test", "192.0.2.79"))
                .isEmpty();
    }

    @Test
    void doesNotCountSuccessfulSignIns() {
        TestUser user = users.create();
        for (int i = 0; i < 8; i++) {
            assertThat(token(user.email(), user.password(), address).statusCode())
                    .isEqualTo(200);
        }
    }

    private HttpResponse<String> token(String email, String password, String from) {
        return api.post("/api/v1/auth/token", object("email", email, "password", password), "X-Forwarded-For", from);
    }
}
