package dev.useboth.hotpath.hardening;

import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.hotpath.testing.TestKeys;
import dev.useboth.hotpath.web.Access;
import dev.useboth.hotpath.web.Route;
import dev.useboth.schema.testing.HostileTokens;
import dev.useboth.schema.testing.SuiteSummary;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every kind of hostile token (the same {@link HostileTokens} list as the core's suite: unsecured
 * {@code alg: none}, HS256/HS512 keyed with the published public key, foreign keys and unknown
 * kids, expired, not yet valid, wrong issuer, audience or subject, truncated, tampered) on every
 * route of the route table that needs a token, so a route added later is covered. Each must be
 * answered 401 problem+json with {@code WWW-Authenticate: Bearer error="invalid_token"}; controls
 * prove that the same request with a good token gets in. The hot path has no refresh tokens (the
 * core's suite covers them). Prints {@code [suite] tokens hot-path: ...}.
 */
class HostileTokensIT {

    /** TokenVerifier's MAX_CLOCK_SKEW_SECONDS. */
    static final long SKEW_SECONDS = 60;

    @Test
    void everyHostileTokenIsRefusedWith401OnEveryProtectedRoute() throws Exception {
        var suite = SuiteSummary.named("tokens hot-path");
        TestApp hot = TestApp.shared();
        UUID user = TestData.user();
        List<Route> protectedRoutes = hot.app.routes().routes().stream()
                .filter(route -> route.access() != Access.PUBLIC)
                .toList();
        suite.check("the route table has routes that need a token", !protectedRoutes.isEmpty(), "none");

        // ADMIN and the service scope, so that every route lets the good token in.
        String good = hot.keys.token(user, List.of("USER", "ADMIN"), "entitlements:read");
        String jwks = new String(
                hot.http
                        .send(
                                HttpRequest.newBuilder(java.net.URI.create(hot.keys.jwksUrl()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body(),
                StandardCharsets.UTF_8);
        Map<String, String> hostile = HostileTokens.forge(
                hot.keys.key(),
                () -> TestKeys.claims(user, List.of("USER", "ADMIN"), "entitlements:read"),
                jwks,
                SKEW_SECONDS);
        String withinSkew = hot.keys.token(TestKeys.claims(user, List.of("USER", "ADMIN"), "entitlements:read")
                .issueTime(Date.from(java.time.Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(java.time.Instant.now().minusSeconds(20)))
                .build());

        for (Route route : protectedRoutes) {
            String path = route.path().replace("{id}", user.toString());
            String name = route.method() + " " + route.path();
            Answer control = call(hot, route, path, good);
            suite.check("control: a good token on " + name, control.status() == 200, "status " + control.status());
            Answer skewed = call(hot, route, path, withinSkew);
            suite.check(
                    "control: expired 20 s ago (within the skew) on " + name,
                    skewed.status() == 200,
                    "status " + skewed.status());
            for (Map.Entry<String, String> token : hostile.entrySet()) {
                Answer answer = call(hot, route, path, token.getValue());
                suite.check(
                        token.getKey() + " on " + name,
                        answer.status() == 401
                                && answer.challenge().startsWith("Bearer error=\"invalid_token\"")
                                && answer.type().startsWith("application/problem+json")
                                && !answer.body().contains("Exception"),
                        answer.status() + " challenge=" + answer.challenge() + " type=" + answer.type());
            }
        }
        suite.finish();
    }

    record Answer(int status, String challenge, String type, String body) {}

    /** A GET with the token; an event stream that opened is closed at once (its headers are the answer). */
    static Answer call(TestApp hot, Route route, String path, String token) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = hot.http.send(
                HttpRequest.newBuilder(hot.uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", route.mediaType())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("content-type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            body = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("www-authenticate").orElse(""),
                type,
                body);
    }
}
