package dev.useboth.hotpath.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.hotpath.testing.TestKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of token the hot path must refuse, and the ones it must accept. */
class AuthIT {

    static TestApp hot;
    static UUID user;

    @BeforeAll
    static void start() throws Exception {
        hot = TestApp.shared();
        user = TestData.user();
    }

    @Test
    void aValidTokenIsAccepted() throws Exception {
        assertThat(hot.get("/hot/v1/me/entitlements", hot.keys.token(user)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void noTokenIsUnauthorizedWithABareChallenge() throws Exception {
        HttpResponse<String> response = hot.get("/hot/v1/me/entitlements");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertProblem(response, 401);
    }

    @Test
    void aNonBearerAuthorizationIsAnInvalidToken() throws Exception {
        HttpResponse<String> response = hot.http.send(
                HttpRequest.newBuilder(hot.uri("/hot/v1/me/entitlements"))
                        .header("Authorization", "Basic dXNlcjpwYXNz")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertInvalidToken(response);
    }

    @Test
    void garbageIsAnInvalidToken() throws Exception {
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", "not.a.jwt"));
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", "abc"));
    }

    @Test
    void anUnsecuredTokenIsRefused() throws Exception {
        String none = new PlainJWT(TestKeys.claims(user, List.of("ADMIN"), null).build()).serialize();
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", none));
    }

    @Test
    void anotherAlgorithmIsRefusedEvenWithTheRightKeyId() throws Exception {
        SignedJWT hs256 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(hot.keys.key().getKeyID())
                        .build(),
                TestKeys.claims(user, List.of("USER"), null).build());
        hs256.sign(new MACSigner(new byte[32]));
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", hs256.serialize()));
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        ECKey stranger =
                new ECKeyGenerator(Curve.P_256).keyID(hot.keys.key().getKeyID()).generate();
        String forged = TestKeys.sign(
                stranger, TestKeys.claims(user, List.of("USER"), null).build());
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", forged));
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String token = hot.keys.token(user);
        String[] parts = token.split("\\.");
        String otherClaims = hot.keys.token(UUID.randomUUID()).split("\\.")[1];
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", parts[0] + "." + otherClaims + "." + parts[2]));
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheSkew() throws Exception {
        Instant now = Instant.now();
        String expired = hot.keys.token(
                user,
                c -> c.issueTime(Date.from(now.minusSeconds(1000))).expirationTime(Date.from(now.minusSeconds(61))));
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", expired));

        String withinSkew = hot.keys.token(
                user,
                c -> c.issueTime(Date.from(now.minusSeconds(1000))).expirationTime(Date.from(now.minusSeconds(30))));
        assertThat(hot.get("/hot/v1/me/entitlements", withinSkew).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongIssuerOrAudienceIsRefused() throws Exception {
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", hot.keys.token(user, c -> c.issuer("someone-else"))));
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", hot.keys.token(user, c -> c.audience("other-app"))));
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", hot.keys.token(user, c -> c.audience((String) null))));
    }

    @Test
    void aSubjectThatIsNotAUserIdIsRefused() throws Exception {
        assertInvalidToken(hot.get("/hot/v1/me/entitlements", hot.keys.token(user, c -> c.subject("admin"))));
    }

    @Test
    void anotherUsersEntitlementsNeedTheScopeOrAdmin() throws Exception {
        String path = "/hot/v1/users/" + user + "/entitlements";
        HttpResponse<String> plainUser = hot.get(path, hot.keys.token(UUID.randomUUID()));
        assertThat(plainUser.statusCode()).isEqualTo(403);
        assertProblem(plainUser, 403);

        assertThat(hot.get(path, hot.keys.token(UUID.randomUUID(), List.of(), "profile entitlements:read"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(hot.get(path, hot.keys.token(UUID.randomUUID(), List.of("USER", "ADMIN"), null))
                        .statusCode())
                .isEqualTo(200);
        assertThat(hot.get(path, hot.keys.token(UUID.randomUUID(), List.of("STAFF"), "entitlements:write"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void authenticationComesBeforeValidation() throws Exception {
        assertThat(hot.get("/hot/v1/users/not-a-uuid/entitlements").statusCode())
                .isEqualTo(401);
    }

    @Test
    void whenTheKeySetCannotBeFetchedTheAnswerIs503NotA401() throws Exception {
        try (TestApp noKeys = TestApp.start(Map.of("HOT_JWKS_URL", "http://127.0.0.1:9/.well-known/jwks.json"))) {
            HttpResponse<String> response = noKeys.get("/hot/v1/me/entitlements", hot.keys.token(user));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).isPresent();
            assertProblem(response, 503);
        }
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer error=\"invalid_token\""));
        assertProblem(response, 401);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).doesNotContain("Exception", "\tat ");
    }
}
