package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** Sign-in with a password, the access token it gives, refresh rotation and sign-out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class TokenFlowIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void issuesAnEs256AccessTokenWithTheContractClaimsAndARefreshToken() throws Exception {
        TestUser staff = users.create(Role.STAFF);

        HttpResponse<String> response = token(staff.email().toUpperCase(), staff.password());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(response);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(900);
        assertThat(body.get("refresh_token").asString()).hasSizeGreaterThanOrEqualTo(43);

        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("test-current");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("use-both-core");
        assertThat(claims.getAudience()).containsExactly("use-both");
        assertThat(claims.getSubject()).isEqualTo(staff.id().toString());
        assertThat(claims.getStringListClaim("roles")).containsExactly("STAFF", "USER");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getIssueTime().toInstant())
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
    }

    @Test
    void theAccessTokenOpensTheCurrentUsersAccount() {
        TestUser user = users.create();
        String access =
                json(token(user.email(), user.password())).get("access_token").asString();

        HttpResponse<String> me = api.get("/api/v1/me", "Authorization", "Bearer " + access);

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("id").asString()).isEqualTo(user.id().toString());
        assertThat(json(me).get("lastLoginAt").isNull()).isFalse();
    }

    @Test
    void answersAWrongPasswordAndAnUnknownEmailAlikeWith401() {
        TestUser user = users.create();

        HttpResponse<String> wrongPassword = token(user.email(), "not-the-password-at-all");
        HttpResponse<String> unknownEmail = token("nobody-" + user.email(), "not-the-password-at-all");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void refusesAnInactiveAccountLikeAWrongPassword() {
        TestUser user = users.create();
        users.deactivate(user.id());

        assertThat(token(user.email(), user.password()).statusCode()).isEqualTo(401);
    }

    @Test
    void rotatesTheRefreshTokenAndRevokesTheFamilyWhenAnOldOneIsReused() {
        TestUser user = users.create();
        String first =
                json(token(user.email(), user.password())).get("refresh_token").asString();

        HttpResponse<String> refreshed = refresh(first);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = json(refreshed).get("refresh_token").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(json(refreshed).get("access_token").asString()).isNotBlank();

        // The rotated token is refused, and its reuse revokes the newer one too.
        HttpResponse<String> reused = refresh(first);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refresh(second).statusCode()).isEqualTo(401);

        // Another sign-in is another family, unaffected.
        String other =
                json(token(user.email(), user.password())).get("refresh_token").asString();
        assertThat(refresh(other).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        TestUser user = users.create();
        String refresh =
                json(token(user.email(), user.password())).get("refresh_token").asString();

        HttpResponse<String> logout = api.post("/api/v1/auth/logout", object("refresh_token", refresh));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(refresh(refresh).statusCode()).isEqualTo(401);
        // Logging out twice, or with an unknown token, is not an error.
        assertThat(api.post("/api/v1/auth/logout", object("refresh_token", refresh))
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void refusesUnknownAndMissingRefreshTokens() {
        assertThat(refresh("no-such-token").statusCode()).isEqualTo(401);
        HttpResponse<String> missing = api.post("/api/v1/auth/refresh", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("errors").get(0).get("field").asString()).isEqualTo("refresh_token");
        assertThat(api.post("/api/v1/auth/refresh", "{\"refresh_token\": 42}").statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/refresh", "[").statusCode()).isEqualTo(400);
    }

    @Test
    void givesBrowserClientsTheRefreshTokenAsAStrictHttpOnlyCookieOnly() {
        TestUser user = users.create();

        HttpResponse<String> response = api.post(
                "/api/v1/auth/token",
                object("email", user.email(), "password", user.password()),
                "X-Refresh-Token",
                "cookie");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("refresh_token")).isFalse();
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("refresh_token=")
                .contains("Path=/api/v1/auth", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age=2592000");
        String value = cookie.substring("refresh_token=".length(), cookie.indexOf(';'));

        // The cookie alone does not refresh (no CSRF through it); with the header it does.
        assertThat(api.post("/api/v1/auth/refresh", "", "Cookie", "refresh_token=" + value)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> refreshed =
                api.post("/api/v1/auth/refresh", "", "Cookie", "refresh_token=" + value, "X-Refresh-Token", "cookie");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("refresh_token=");
    }

    @Test
    void validatesTheTokenRequest() {
        assertThat(api.post("/api/v1/auth/token", "{}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/auth/token", "{\"email\": 1, \"password\": true}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/token", "not json").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/auth/token", object("email", "a@b.c", "password", "x".repeat(500)))
                        .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<String> token(String email, String password) {
        return api.post("/api/v1/auth/token", object("email", email, "password", password));
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", object("refresh_token", refreshToken));
    }
}
