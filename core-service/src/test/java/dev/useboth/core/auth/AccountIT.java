package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The current user's own account: read, rename, change the password; old hashes upgraded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class AccountIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository repository;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void renamesTheCurrentUser() {
        TestUser user = users.create();

        HttpResponse<String> patched =
                api.patch("/api/v1/me", object("displayName", "  Katherine  "), "Authorization", user.bearer());

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("displayName").asString()).isEqualTo("Katherine");
        assertThat(json(api.get("/api/v1/me", "Authorization", user.bearer()))
                        .get("displayName")
                        .asString())
                .isEqualTo("Katherine");
    }

    @Test
    void validatesTheRename() {
        TestUser user = users.create();

        assertThat(api.patch("/api/v1/me", "{}", "Authorization", user.bearer()).statusCode())
                .isEqualTo(400);
        assertThat(api.patch("/api/v1/me", object("displayName", " "), "Authorization", user.bearer())
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.patch("/api/v1/me", object("displayName", "x".repeat(101)), "Authorization", user.bearer())
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.patch("/api/v1/me", "{\"displayName\": 7}", "Authorization", user.bearer())
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.patch("/api/v1/me", "{\"displayName\": ", "Authorization", user.bearer())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void answers404ForAValidTokenOfADeletedAccount() {
        HttpResponse<String> response = api.get(
                "/api/v1/me", "Authorization", "Bearer " + users.accessToken(UUID.randomUUID(), EnumSet.of(Role.USER)));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void changesThePasswordAndEndsEveryRefreshTokenAndSession() {
        TestUser user = users.create();
        String refresh = json(api.post(
                        "/api/v1/auth/token", object("email", user.email(), "password", user.password())))
                .get("refresh_token")
                .asString();
        BrowserSession browser = users.signIn(port, user);
        String newPassword = "saffron-glacier-2290";

        HttpResponse<String> changed = api.post(
                "/api/v1/me/password",
                object("currentPassword", user.password(), "newPassword", newPassword),
                "Authorization",
                user.bearer());

        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", object("refresh_token", refresh))
                        .statusCode())
                .isEqualTo(401);
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(api.post("/api/v1/auth/token", object("email", user.email(), "password", newPassword))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesAWrongCurrentPasswordAndAWeakNewOneWithFieldErrors() {
        TestUser user = users.create();

        HttpResponse<String> wrongCurrent = api.post(
                "/api/v1/me/password",
                object("currentPassword", "not-my-password", "newPassword", "saffron-glacier-2290"),
                "Authorization",
                user.bearer());
        HttpResponse<String> weak = api.post(
                "/api/v1/me/password",
                object("currentPassword", user.password(), "newPassword", "12345"),
                "Authorization",
                user.bearer());

        assertThat(wrongCurrent.statusCode()).isEqualTo(400);
        assertThat(json(wrongCurrent).get("errors").get(0).get("field").asString())
                .isEqualTo("currentPassword");
        assertThat(weak.statusCode()).isEqualTo(400);
        json(weak)
                .get("errors")
                .forEach(error -> assertThat(error.get("field").asString()).isEqualTo("newPassword"));
        assertThat(json(weak).get("errors").size()).isEqualTo(3);
    }

    @Test
    void upgradesABcryptHashToArgon2idAtTheNextSignIn() {
        String email = "legacy-" + UUID.randomUUID() + "@example.test";
        String password = "legacy-hash-password-77";
        repository.saveAndFlush(new User(
                email, "Legacy", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(password), EnumSet.of(Role.USER)));

        assertThat(api.post("/api/v1/auth/token", object("email", email, "password", password))
                        .statusCode())
                .isEqualTo(200);

        String hash = repository.findByEmail(email).orElseThrow().getPasswordHash();
        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(api.post("/api/v1/auth/token", object("email", email, "password", password))
                        .statusCode())
                .isEqualTo(200);
    }
}
