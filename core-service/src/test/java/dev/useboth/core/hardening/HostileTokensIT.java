package dev.useboth.core.hardening;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.ApiClient;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.schema.testing.HostileTokens;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every kind of hostile token against the core's API, each answered 401 problem+json with a
 * {@code WWW-Authenticate: Bearer} challenge: the access tokens of {@link HostileTokens} (unsecured
 * {@code alg: none} in four spellings, HS256/HS512 keyed with the published public key as JWK JSON,
 * JWKS, PEM and DER, foreign keys and unknown kids, expired, not yet valid ({@code nbf} or
 * {@code iat} in the future beyond the 60 s skew), wrong or missing issuer, audience and subject,
 * truncated and tampered) on every API route that needs a token (read from the handler mappings),
 * then refresh tokens that were revoked (sign-out, the
 * reuse of a rotated one) or expired, and each kind of token where the other is expected. Controls (a good token, a token within the skew) prove that
 * the harness itself lets the right token in. Prints {@code [suite] tokens core: ...}.
 *
 * <p>More specific behaviour (rotation, the previous key, the JWKS) stays in
 * {@code AccessTokenValidationIT} and {@code TokenFlowIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class HostileTokensIT {

    /** Routes that must be among the generated ones (the suite would be hollow without them). */
    static final List<String> KNOWN = List.of(
            "GET /api/v1/me", "PATCH /api/v1/me", "GET /api/v1/billing/subscription", "GET /api/v1/billing/invoices");

    static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    static final long SKEW_SECONDS = 60;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    List<RequestMappingInfoHandlerMapping> handlerMappings;

    @Test
    void everyHostileTokenIsRefusedWith401() throws Exception {
        var suite = SuiteSummary.named("tokens core");
        ApiClient api = new ApiClient(port);
        TestUser user = users.create(Role.ADMIN);
        ECKey key = users.signingKey();
        Instant now = Instant.now();
        List<String[]> protectedRoutes = protectedRoutes(api);
        for (String known : KNOWN) {
            suite.check(
                    "generated routes include " + known,
                    protectedRoutes.stream().anyMatch(r -> (r[0] + " " + r[1]).equals(known)),
                    "not found among " + protectedRoutes.size() + " protected routes");
        }

        // Controls: the harness's own tokens get in.
        for (String[] route : protectedRoutes) {
            String good = HostileTokens.sign(key, claims(user, now).build());
            int status = call(api, route, good).statusCode();
            // Authenticated: whatever the route says next (a user without a subscription gets 404).
            suite.check(
                    "control: a good token on " + route[0] + " " + route[1],
                    status != 401 && status != 403 && status < 500,
                    "status " + status);
        }
        String withinSkew = HostileTokens.sign(
                key,
                claims(user, now)
                        .issueTime(Date.from(now.minusSeconds(900)))
                        .expirationTime(Date.from(now.minusSeconds(20)))
                        .build());
        suite.check(
                "control: expired 20 s ago (within the skew)",
                api.send("GET", "/api/v1/me", null, "Authorization", "Bearer " + withinSkew)
                                .statusCode()
                        == 200,
                "refused");

        String jwks = api.get("/.well-known/jwks.json").body();
        for (Map.Entry<String, String> hostile : HostileTokens.forge(
                        key, () -> claims(user, Instant.now()), jwks, SKEW_SECONDS)
                .entrySet()) {
            for (String[] route : protectedRoutes) {
                expect401(
                        suite,
                        hostile.getKey() + " on " + route[0] + " " + route[1],
                        call(api, route, hostile.getValue()));
            }
        }

        // Refresh tokens: revoked by sign-out, by the reuse of a rotated one, or expired.
        TestUser owner = users.create();
        String loggedOut = signIn(api, owner);
        api.post("/api/v1/auth/logout", object("refresh_token", loggedOut));
        expect401(suite, "refresh token after sign-out", refresh(api, loggedOut));

        String first = signIn(api, owner);
        String second = json(refresh(api, first)).get("refresh_token").asString();
        expect401(suite, "rotated refresh token presented again", refresh(api, first));
        expect401(suite, "the newer refresh token of a family revoked by reuse", refresh(api, second));

        String expired = signIn(api, owner);
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement ps =
                        c.prepareStatement("update refresh_tokens set created_at = now() - interval '2 minutes',"
                                + " expires_at = now() - interval '1 minute' where token_hash = ?")) {
            ps.setString(1, sha256(expired));
            suite.check("an expired refresh token exists", ps.executeUpdate() == 1, "not found by its hash");
        }
        expect401(suite, "expired refresh token", refresh(api, expired));
        expect401(suite, "unknown refresh token", refresh(api, "x".repeat(43)));
        // Not even shaped like a refresh token: refused by the field's validation (400) or as unknown.
        HttpResponse<String> accessAsRefresh = refresh(api, user.accessToken());
        suite.check(
                "an access token as refresh token",
                (accessAsRefresh.statusCode() == 400 || accessAsRefresh.statusCode() == 401)
                        && accessAsRefresh
                                .headers()
                                .firstValue("Content-Type")
                                .orElse("")
                                .startsWith("application/problem+json"),
                "status " + accessAsRefresh.statusCode());
        String live = signIn(api, owner);
        for (String[] route : protectedRoutes) {
            expect401(suite, "a refresh token as bearer on " + route[0] + " " + route[1], call(api, route, live));
        }
        suite.finish();
    }

    /**
     * Every API route of every Spring MVC handler mapping that refuses an anonymous call with 401
     * (path variables filled with "x"), as {method, path, body}: a new protected route is covered
     * without being listed here.
     */
    private List<String[]> protectedRoutes(ApiClient api) {
        Map<String, String[]> routes = new TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping : handlerMappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                for (String pattern : info.getPatternValues()) {
                    if (!pattern.startsWith("/api/")) {
                        continue;
                    }
                    String path = pattern.replaceAll("\\{[^/]*}", "x");
                    for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                        String body = BODY_METHODS.contains(method.name()) ? "{}" : null;
                        routes.putIfAbsent(method + " " + path, new String[] {method.name(), path, body});
                    }
                }
            }
        }
        return routes.values().stream()
                .filter(route -> api.send(route[0], route[1], route[2]).statusCode() == 401)
                .toList();
    }

    private static void expect401(SuiteSummary suite, String name, HttpResponse<String> response) {
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        String type = response.headers().firstValue("Content-Type").orElse("");
        suite.check(
                name,
                response.statusCode() == 401
                        && challenge.startsWith("Bearer")
                        && type.startsWith("application/problem+json")
                        && !response.body().contains("Exception"),
                response.statusCode() + " challenge=" + challenge + " type=" + type);
    }

    private static HttpResponse<String> call(ApiClient api, String[] route, String token) {
        return api.send(route[0], route[1], route[2], "Authorization", "Bearer " + token);
    }

    private static String signIn(ApiClient api, TestUser user) {
        HttpResponse<String> response =
                api.post("/api/v1/auth/token", object("email", user.email(), "password", user.password()));
        return json(response).get("refresh_token").asString();
    }

    private static HttpResponse<String> refresh(ApiClient api, String token) {
        return api.post("/api/v1/auth/refresh", object("refresh_token", token));
    }

    private static JWTClaimsSet.Builder claims(TestUser user, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("use-both-core")
                .audience("use-both")
                .subject(user.id().toString())
                .claim("roles", List.of("ADMIN", "USER"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
