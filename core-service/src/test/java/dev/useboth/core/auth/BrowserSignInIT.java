package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The browser side: the login page, the session cookie, CSRF, the admin area and the headers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class BrowserSignInIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    BrowserSession browser() {
        return new BrowserSession("http://localhost:" + port);
    }

    @Test
    void servesTheLoginPageWithACsrfTokenAndNoExternalAssets() {
        HttpResponse<String> page = browser().get("/login");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"_csrf\"", "name=\"username\"", "name=\"password\"");
        assertThat(page.body()).doesNotContain("http://", "https://");
    }

    @Test
    void signsInWithTheFormAndKeepsTheSessionInASecureHttpOnlyCookie() {
        TestUser user = users.create();
        BrowserSession browser = browser();
        String csrf = browser.csrfToken();

        HttpResponse<String> signIn = browser.postFormWithoutCsrf(
                "/login", Map.of("username", user.email(), "password", user.password(), "_csrf", csrf));

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
        String cookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "Secure", "SameSite=Lax");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains(user.email());
    }

    @Test
    void refusesASignInWithoutTheCsrfToken() {
        TestUser user = users.create();

        HttpResponse<String> response =
                browser().postFormWithoutCsrf("/login", Map.of("username", user.email(), "password", user.password()));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void sendsAWrongPasswordBackToTheLoginPageWithAnError() {
        TestUser user = users.create();
        BrowserSession browser = browser();

        HttpResponse<String> response =
                browser.postForm("/login", Map.of("username", user.email(), "password", "wrong-password-123"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("Invalid email or password.");
    }

    @Test
    void sendsAnonymousVisitorsOfTheAdminAreaToTheLoginPage() {
        BrowserSession browser = browser();
        // Behind the gateway, published on another port than the one it listens on.
        HttpResponse<String> response = browser.send(
                browser.request("/admin").header("X-Forwarded-Port", "80").GET().build());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void letsStaffAndAdminsIntoTheAdminAreaButNotPlainUsers() {
        assertThat(users.signIn(port, users.create()).get("/admin").statusCode())
                .isEqualTo(403);
        assertThat(users.signIn(port, users.create(Role.STAFF)).get("/admin").statusCode())
                .isNotIn(302, 401, 403);
        assertThat(users.signIn(port, users.create(Role.ADMIN))
                        .get("/admin/anything")
                        .statusCode())
                .isNotIn(302, 401, 403);
    }

    @Test
    void staffLandOnTheAdminPanelAfterSigningIn() {
        BrowserSession staff = users.signIn(port, users.create(Role.STAFF));

        HttpResponse<String> home = staff.get("/");

        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/admin");
    }

    @Test
    void signsOutWithAPostCarryingTheCsrfToken() {
        BrowserSession browser = users.signIn(port, users.create());
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        HttpResponse<String> logout = browser.postForm("/logout", Map.of());

        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void setsTheSecurityHeadersOnPages() {
        HttpResponse<String> page = browser().get("/login");

        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        // Plain HTTP here: HSTS only goes out over TLS.
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void setsTheSecurityHeadersOnTheApi() {
        HttpResponse<String> response = new ApiClient(port).get("/api/v1/billing/plans");

        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "frame-ancestors 'none'");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void sendsHstsWhenTheGatewaySaysTheRequestCameOverTls() {
        HttpResponse<String> response = new ApiClient(port).get("/api/v1/billing/plans", "X-Forwarded-Proto", "https");

        assertThat(response.headers().firstValue("Strict-Transport-Security").orElseThrow())
                .contains("max-age=");
    }

    @Test
    void publishesTheOpenApiDocumentWithTheBearerScheme() {
        HttpResponse<String> docs = new ApiClient(port).get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body())
                .contains(
                        "\"/api/v1/auth/token\"",
                        "\"/api/v1/me\"",
                        "\"bearerFormat\":\"JWT\"",
                        "\"scheme\":\"bearer\"");
    }

    @Test
    void keepsCorsClosedByDefault() {
        HttpResponse<String> preflight = new ApiClient(port)
                .send(
                        "OPTIONS",
                        "/api/v1/me",
                        null,
                        "Origin",
                        "https://evil.example",
                        "Access-Control-Request-Method",
                        "GET");

        // No Access-Control-Allow-* headers: the browser refuses the cross-origin call.
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
    }
}
