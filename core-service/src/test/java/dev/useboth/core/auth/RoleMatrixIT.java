package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Every route of accounts and auth against every kind of caller: anonymous, USER, STAFF, ADMIN.
 * API routes are called with an access token, browser routes with a signed-in session. A cell is
 * the expected status ("2xx" where any success is fine, e.g. /admin before the panel exists).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class RoleMatrixIT {

    enum Caller {
        ANONYMOUS,
        USER,
        STAFF,
        ADMIN
    }

    /** method, path, body (null: none), then the expected status for ANONYMOUS, USER, STAFF, ADMIN. */
    record ApiRoute(String method, String path, String body, int anonymous, int user, int staff, int admin) {
        int expected(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> anonymous;
                case USER -> user;
                case STAFF -> staff;
                case ADMIN -> admin;
            };
        }
    }

    static final List<ApiRoute> API = List.of(
            new ApiRoute("GET", "/api/v1/me", null, 401, 200, 200, 200),
            new ApiRoute("PATCH", "/api/v1/me", "{\"displayName\": \"Matrix\"}", 401, 200, 200, 200),
            new ApiRoute(
                    "POST",
                    "/api/v1/me/password",
                    "{\"currentPassword\": \"not-it-at-all\", \"newPassword\": \"x\"}",
                    401,
                    400,
                    400,
                    400),
            new ApiRoute("GET", "/api/v1/nothing-here", null, 401, 404, 404, 404),
            new ApiRoute("GET", "/.well-known/jwks.json", null, 200, 200, 200, 200),
            new ApiRoute("GET", "/api/v1/billing/plans", null, 200, 200, 200, 200),
            // Public sign-in endpoints: open to all (here with an empty body: 400).
            new ApiRoute("POST", "/api/v1/auth/register", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/token", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/refresh", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/logout", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/verify-email", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/password-reset", "{}", 400, 400, 400, 400),
            new ApiRoute("POST", "/api/v1/auth/password-reset/confirm", "{}", 400, 400, 400, 400),
            // Only POST exists there.
            new ApiRoute("GET", "/api/v1/auth/token", null, 401, 405, 405, 405));

    /** path, then the expected status for ANONYMOUS, USER, STAFF, ADMIN (0: any 2xx or 404). */
    record WebRoute(String path, int anonymous, int user, int staff, int admin) {
        int expected(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> anonymous;
                case USER -> user;
                case STAFF -> staff;
                case ADMIN -> admin;
            };
        }
    }

    static final List<WebRoute> WEB = List.of(
            new WebRoute("/login", 200, 200, 200, 200),
            new WebRoute("/", 302, 200, 302, 302),
            new WebRoute("/admin", 302, 403, 0, 0),
            new WebRoute("/admin/users", 302, 403, 0, 0),
            new WebRoute("/verify-email?token=x", 200, 200, 200, 200),
            new WebRoute("/reset-password?token=x", 200, 200, 200, 200),
            new WebRoute("/actuator/health", 200, 200, 200, 200),
            new WebRoute("/v3/api-docs", 200, 200, 200, 200),
            new WebRoute("/css/auth.css", 200, 200, 200, 200),
            new WebRoute("/some/other/page", 302, 0, 0, 0));

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    final Map<Caller, TestUser> callers = new EnumMap<>(Caller.class);

    @BeforeEach
    void setUp() {
        callers.put(Caller.USER, users.create());
        callers.put(Caller.STAFF, users.create(Role.STAFF));
        callers.put(Caller.ADMIN, users.create(Role.ADMIN));
    }

    @Test
    void apiRoutesAnswerEachCallerAsExpected() {
        ApiClient api = new ApiClient(port);
        List<String> wrong = new ArrayList<>();
        for (ApiRoute route : API) {
            for (Caller caller : Caller.values()) {
                String[] headers = caller == Caller.ANONYMOUS
                        ? new String[0]
                        : new String[] {"Authorization", callers.get(caller).bearer()};
                HttpResponse<String> response = api.send(route.method(), route.path(), route.body(), headers);
                if (response.statusCode() != route.expected(caller)) {
                    wrong.add(route.method() + " " + route.path() + " as " + caller + ": " + response.statusCode()
                            + " instead of " + route.expected(caller));
                }
                if (response.statusCode() >= 400) {
                    assertThat(response.headers().firstValue("Content-Type"))
                            .as(route.method() + " " + route.path() + " as " + caller)
                            .hasValue("application/problem+json");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void browserRoutesAnswerEachCallerAsExpected() {
        Map<Caller, BrowserSession> sessions = new EnumMap<>(Caller.class);
        sessions.put(Caller.ANONYMOUS, new BrowserSession("http://localhost:" + port));
        for (Caller caller : List.of(Caller.USER, Caller.STAFF, Caller.ADMIN)) {
            sessions.put(caller, users.signIn(port, callers.get(caller)));
        }
        List<String> wrong = new ArrayList<>();
        for (WebRoute route : WEB) {
            for (Caller caller : Caller.values()) {
                int status = sessions.get(caller).get(route.path()).statusCode();
                int expected = route.expected(caller);
                boolean ok = expected == 0 ? (status >= 200 && status < 300) || status == 404 : status == expected;
                if (!ok) {
                    wrong.add("GET " + route.path() + " as " + caller + ": " + status + " instead of "
                            + (expected == 0 ? "2xx/404" : expected));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anAccessTokenDoesNotOpenTheBrowserSide() {
        BrowserSession anonymous = new BrowserSession("http://localhost:" + port);
        HttpResponse<String> response = anonymous.send(anonymous
                .request("/admin")
                .header("Authorization", callers.get(Caller.ADMIN).bearer())
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(302);
    }

    @Test
    void aSessionCookieDoesNotOpenTheApi() {
        BrowserSession admin = users.signIn(port, callers.get(Caller.ADMIN));

        assertThat(admin.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void theBrowserSideRefusesAPostWithoutCsrfEvenWhenSignedIn() {
        BrowserSession admin = users.signIn(port, callers.get(Caller.ADMIN));

        assertThat(admin.postFormWithoutCsrf("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.postFormWithoutCsrf("/admin/anything", Map.of()).statusCode())
                .isEqualTo(403);
    }
}
