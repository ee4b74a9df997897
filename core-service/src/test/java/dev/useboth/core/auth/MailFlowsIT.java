package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers.TestUser;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The flows that go through email, end to end over real HTTP and real SMTP (GreenMail). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class MailFlowsIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> GREEN_MAIL.getSmtp().getPort());
        registry.add("app.public-url", () -> "https://app.example.test");
    }

    static final String PASSWORD = "violet-harbour-lantern-42";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    ApiClient api;
    Mailbox mailbox;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        mailbox = new Mailbox(GREEN_MAIL);
    }

    @Test
    void registerVerifySignInRefreshDetectReuseAndSignOut() {
        String email = "flow-" + UUID.randomUUID() + "@example.test";

        // Register: 201, and a verification mail with a link to the public URL.
        HttpResponse<String> registered =
                api.post("/api/v1/auth/register", object("email", email, "password", PASSWORD, "displayName", "Grace"));
        assertThat(registered.statusCode()).isEqualTo(201);
        MimeMessage mail = mailbox.await(email, 1).getFirst();
        assertThat(subject(mail)).isEqualTo("Confirm your email");
        assertThat(Mailbox.text(mail)).contains("Hello Grace", "https://app.example.test/verify-email?token=");
        assertThat(Mailbox.html(mail)).contains("href=\"https://app.example.test/verify-email?token=");
        String token = Mailbox.token(mail);

        // Verify: 204, then the token is used up.
        assertThat(api.post("/api/v1/auth/verify-email", object("token", token)).statusCode())
                .isEqualTo(204);
        HttpResponse<String> again = api.post("/api/v1/auth/verify-email", object("token", token));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("errors").get(0).get("field").asString()).isEqualTo("token");

        // Sign in: the account shows as verified.
        var tokens = json(api.post("/api/v1/auth/token", object("email", email, "password", PASSWORD)));
        String access = tokens.get("access_token").asString();
        assertThat(json(api.get("/api/v1/me", "Authorization", "Bearer " + access))
                        .get("emailVerified")
                        .asBoolean())
                .isTrue();

        // Refresh, reuse the old token (revokes the family), sign out.
        String first = tokens.get("refresh_token").asString();
        HttpResponse<String> refreshed = api.post("/api/v1/auth/refresh", object("refresh_token", first));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = json(refreshed).get("refresh_token").asString();
        assertThat(api.post("/api/v1/auth/refresh", object("refresh_token", first))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", object("refresh_token", second))
                        .statusCode())
                .isEqualTo(401);
        String third = json(api.post("/api/v1/auth/token", object("email", email, "password", PASSWORD)))
                .get("refresh_token")
                .asString();
        assertThat(api.post("/api/v1/auth/logout", object("refresh_token", third))
                        .statusCode())
                .isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", object("refresh_token", third))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void verifiesTheEmailThroughTheLinkPageWithAFormNotOnTheGet() {
        String email = "page-" + UUID.randomUUID() + "@example.test";
        api.post("/api/v1/auth/register", object("email", email, "password", PASSWORD, "displayName", "Page"));
        String token = Mailbox.token(mailbox.await(email, 1).getFirst());
        BrowserSession browser = new BrowserSession("http://localhost:" + port);

        HttpResponse<String> page = browser.get("/verify-email?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"" + token + "\"", "name=\"_csrf\"");

        HttpResponse<String> done = browser.postForm("/verify-email", Map.of("token", token));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Email confirmed");
        assertThat(browser.postForm("/verify-email", Map.of("token", token)).body())
                .contains("This link does not work");
    }

    @Test
    void resetsAForgottenPasswordAndSignsTheUserOutEverywhere() {
        TestUser user = users.create();
        String refresh = json(api.post(
                        "/api/v1/auth/token", object("email", user.email(), "password", user.password())))
                .get("refresh_token")
                .asString();
        BrowserSession browser = users.signIn(port, user);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        HttpResponse<String> requested = api.post("/api/v1/auth/password-reset", object("email", user.email()));
        assertThat(requested.statusCode()).isEqualTo(202);
        MimeMessage mail = mailbox.await(user.email(), 1).getFirst();
        assertThat(subject(mail)).isEqualTo("Reset your password");
        assertThat(Mailbox.text(mail)).contains("https://app.example.test/reset-password?token=", "30 minutes");
        String token = Mailbox.token(mail);

        // A weak password is refused and does not use the token up.
        HttpResponse<String> weak =
                api.post("/api/v1/auth/password-reset/confirm", object("token", token, "password", "password"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).get("errors").get(0).get("field").asString()).isEqualTo("password");

        String newPassword = "quiet-meadow-copper-7781";
        assertThat(api.post("/api/v1/auth/password-reset/confirm", object("token", token, "password", newPassword))
                        .statusCode())
                .isEqualTo(204);

        // Used once only; old password out, new one in; refresh tokens and the browser session ended.
        assertThat(api.post("/api/v1/auth/password-reset/confirm", object("token", token, "password", newPassword))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/token", object("email", user.email(), "password", user.password()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", object("email", user.email(), "password", newPassword))
                        .statusCode())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh", object("refresh_token", refresh))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void resetsThePasswordThroughTheLinkPage() {
        TestUser user = users.create(Role.STAFF);
        api.post("/api/v1/auth/password-reset", object("email", user.email()));
        String token = Mailbox.token(mailbox.await(user.email(), 1).getFirst());
        BrowserSession browser = new BrowserSession("http://localhost:" + port);

        assertThat(browser.get("/reset-password?token=" + token).body()).contains("Choose a new password");
        HttpResponse<String> weak = browser.postForm("/reset-password", Map.of("token", token, "password", "short"));
        assertThat(weak.body()).contains("must be at least 12 characters long");
        HttpResponse<String> done =
                browser.postForm("/reset-password", Map.of("token", token, "password", "amber-lighthouse-0451"));
        assertThat(done.body()).contains("Password changed");
        assertThat(browser.get("/reset-password?token=" + token).body()).contains("This link does not work");
        BrowserSession.signIn("http://localhost:" + port, user.email(), "amber-lighthouse-0451");
    }

    @Test
    void answersAPasswordResetForAnUnknownEmailExactlyLikeForAKnownOneAndSendsNothing() {
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        TestUser known = users.create();

        HttpResponse<String> forUnknown = api.post("/api/v1/auth/password-reset", object("email", unknown));
        HttpResponse<String> forKnown = api.post("/api/v1/auth/password-reset", object("email", known.email()));

        assertThat(forUnknown.statusCode()).isEqualTo(202);
        assertThat(forKnown.statusCode()).isEqualTo(202);
        assertThat(forUnknown.body()).isEqualTo(forKnown.body());
        mailbox.await(known.email(), 1);
        assertThat(mailbox.received(unknown)).isEmpty();
    }

    @Test
    void onlyTheLatestResetLinkWorks() {
        TestUser user = users.create();
        api.post("/api/v1/auth/password-reset", object("email", user.email()));
        String first = Mailbox.token(mailbox.await(user.email(), 1).getFirst());
        api.post("/api/v1/auth/password-reset", object("email", user.email()));
        String second = Mailbox.token(mailbox.await(user.email(), 2).get(1));

        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                object("token", first, "password", "granite-orchid-5531"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                object("token", second, "password", "granite-orchid-5531"))
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void validatesTheMailEndpoints() {
        assertThat(api.post("/api/v1/auth/verify-email", "{}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/auth/verify-email", object("token", "x".repeat(500)))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/verify-email", object("token", "unknown"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/password-reset", object("email", "not-an-email"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/password-reset", "{\"email\": 5}").statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/password-reset/confirm", object("token", "unknown"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                object("token", "unknown", "password", "granite-orchid-5531"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/auth/password-reset/confirm", "{").statusCode())
                .isEqualTo(400);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
