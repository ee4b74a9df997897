package dev.useboth.core.hardening;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.admin.AdminDeclarations;
import dev.useboth.core.admin.AdminPermission;
import dev.useboth.core.admin.AdminResource;
import dev.useboth.core.auth.ApiClient;
import dev.useboth.core.auth.BrowserSession;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The core's authorization matrix: every route × {anonymous, user, another user, staff, admin,
 * service token}, with the expected status of each cell in one table ({@link #TABLE}).
 *
 * <p>The routes are read at runtime from every Spring MVC handler mapping (controllers, springdoc,
 * the actuator), and the admin's generic routes are expanded per registered {@link AdminResource}
 * (and per declared action); routes served by filters (sign-in, sign-out, the RFC 9728 metadata)
 * are listed by hand. A route without a row fails the suite by name, and so does a row whose route
 * is gone: a new endpoint cannot slip through without someone deciding who may call it.
 *
 * <p>Callers: API routes get an access token (none for anonymous), browser routes a signed-in
 * session ({@link BrowserSession}). "User" owns the fixtures (a subscription, an invoice, admin
 * history about them); "another user" is a second plain user. <b>The service token</b>: the core
 * issues no service tokens (its token endpoint signs users in); a service calling the hot path's
 * {@code /hot/v1/users/{id}/entitlements} holds a token with the scope {@code entitlements:read}.
 * Here it is minted by the core's own {@code AccessTokens} with the core's key, for a subject that is
 * no user and without roles: the core grants nothing to the scope, so it is just a caller without an
 * account (see docs/security.md).
 *
 * <p>IDOR: whenever a caller other than the owner, staff or an admin gets an answer, its body must
 * not contain the owner's email, ids or invoice number (an id the caller put in the URL excepted).
 * Prints {@code [suite] authorization core: ...}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class AuthorizationMatrixIT {

    enum Caller {
        ANONYMOUS,
        USER,
        OTHER_USER,
        STAFF,
        ADMIN,
        SERVICE
    }

    /** Who a route is for; the cells say what each caller gets. */
    enum Rule {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Any signed-in caller, about themselves. */
        AUTHENTICATED,
        /** The caller's own objects (the owner's are never shown to anyone else). */
        OWNER,
        /** The admin panel: staff and admins, per the model's declared permissions. */
        STAFF,
        /** Anyone may call; the provider's signature is the credential. */
        SIGNATURE
    }

    /** 0 in a cell: the request is not sent for that caller (see the row's comment). */
    static final int SKIP = 0;

    /**
     * One row: the route as the handler mapping names it (variables without their regex), its rule,
     * the request, and the expected status for ANONYMOUS, USER, OTHER_USER, STAFF, ADMIN, SERVICE.
     */
    record Row(String route, Rule rule, String body, int... expected) {
        int expected(Caller caller) {
            return expected[caller.ordinal()];
        }
    }

    /** Admin generic routes: the permission they need, the status of an allowed caller. */
    record AdminRow(String route, AdminPermission permission, int allowed) {}

    // spotless:off
    /** The table. Bodies: JSON on /api, form fields ("a=b&c=d") on pages; {plan} is the fixture plan. */
    static final List<Row> TABLE = List.of(
        //                                                                           anon user other staff admin service
        new Row("GET /api/v1/me",                        Rule.OWNER, null,               401, 200, 200, 200, 200, 404),
        new Row("PATCH /api/v1/me",                      Rule.OWNER, "{\"displayName\": \"Matrix\"}",
                                                                                         401, 200, 200, 200, 200, 404),
        new Row("POST /api/v1/me/password",              Rule.OWNER,
                "{\"currentPassword\": \"not-it-at-all\", \"newPassword\": \"x\"}",       401, 400, 400, 400, 400, 404),
        new Row("GET /api/v1/billing/subscription",      Rule.OWNER, null,               401, 200, 404, 404, 404, 404),
        new Row("GET /api/v1/billing/invoices",          Rule.OWNER, null,               401, 200, 200, 200, 200, 200),
        new Row("GET /api/v1/billing/entitlements",      Rule.OWNER, null,               401, 200, 200, 200, 200, 200),
        // The owner is subscribed to {plan} already: no change (200); the others subscribe (201).
        new Row("POST /api/v1/billing/subscription",     Rule.OWNER, "{\"planCode\": \"{plan}\"}",
                                                                                         401, 200, 201, 201, 201, 404),
        new Row("POST /api/v1/billing/checkout",         Rule.OWNER, "{\"planCode\": \"{plan}\"}",
                                                                                         401, 200, 200, 200, 200, 404),
        new Row("DELETE /api/v1/billing/subscription",   Rule.OWNER, null,               401, 200, 200, 200, 200, 404),
        new Row("GET /api/v1/billing/plans",             Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        // Stripe is not configured in this context: every caller gets 404, none gets further.
        new Row("POST /api/v1/billing/webhooks/{provider}", Rule.SIGNATURE, "{}",        404, 404, 404, 404, 404, 404),
        // Sign-in endpoints: open to all (an empty body: 400).
        new Row("POST /api/v1/auth/register",            Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/token",               Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/refresh",             Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/logout",              Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/verify-email",        Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/password-reset",      Rule.PUBLIC, "{}",              400, 400, 400, 400, 400, 400),
        new Row("POST /api/v1/auth/password-reset/confirm", Rule.PUBLIC, "{}",           400, 400, 400, 400, 400, 400),
        new Row("GET /.well-known/jwks.json",            Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /.well-known/oauth-protected-resource", Rule.PUBLIC, null,          200, 200, 200, 200, 200, 200),

        // Browser side: sessions; the service token is a bearer header without a session.
        new Row("GET /login",                            Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        // A failed sign-in goes back to the form (each caller in a fresh session).
        new Row("POST /login",                           Rule.PUBLIC, "username={nobody}&password=wrong-password",
                                                                                         302, 302, 302, 302, 302, 302),
        new Row("POST /logout",                          Rule.PUBLIC, "",                302, 302, 302, 302, 302, 302),
        // Home: the account page for users, the admin for staff, the sign-in page for the rest.
        new Row("GET /",                                 Rule.AUTHENTICATED, null,       302, 200, 200, 302, 302, 302),
        new Row("GET /verify-email",                     Rule.PUBLIC, "?token=x",        200, 200, 200, 200, 200, 200),
        new Row("POST /verify-email",                    Rule.PUBLIC, "token=x",         200, 200, 200, 200, 200, 200),
        new Row("GET /reset-password",                   Rule.PUBLIC, "?token=x",        200, 200, 200, 200, 200, 200),
        new Row("POST /reset-password",                  Rule.PUBLIC, "token=x&password=x",
                                                                                         200, 200, 200, 200, 200, 200),
        new Row("GET /admin",                            Rule.STAFF, null,               302, 403, 403, 200, 200, 302),
        new Row("GET /v3/api-docs",                      Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /v3/api-docs.yaml",                 Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /v3/api-docs/swagger-config",       Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /swagger-ui.html",                  Rule.PUBLIC, null,              302, 302, 302, 302, 302, 302),
        new Row("GET /actuator",                         Rule.AUTHENTICATED, null,       302, 200, 200, 200, 200, 302),
        new Row("GET /actuator/health",                  Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /actuator/health/**",               Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        new Row("GET /actuator/info",                    Rule.PUBLIC, null,              200, 200, 200, 200, 200, 200),
        // The error page, opened directly: an address with nothing at it.
        new Row("ALL /error",                            Rule.PUBLIC, null,              404, 404, 404, 404, 404, 404));

    /** The admin's generic routes, expanded per model (and per action); anonymous → 302, users → 403. */
    static final List<AdminRow> ADMIN = List.of(
        new AdminRow("GET /admin/{slug}",                 AdminPermission.VIEW, 200),
        new AdminRow("GET /admin/{slug}/{id}",            AdminPermission.VIEW, 200),
        new AdminRow("GET /admin/{slug}/{id}/history",    AdminPermission.VIEW, 200),
        new AdminRow("GET /admin/{slug}/add",             AdminPermission.ADD, 200),
        // An empty form: re-rendered with its errors, nothing created.
        new AdminRow("POST /admin/{slug}/add",            AdminPermission.ADD, 422),
        // 404 where the model has no form (GET and POST).
        new AdminRow("GET /admin/{slug}/{id}/edit",       AdminPermission.CHANGE, 200),
        // A stale version: 409 "now saved as", nothing overwritten.
        new AdminRow("POST /admin/{slug}/{id}/edit",      AdminPermission.CHANGE, 409),
        new AdminRow("GET /admin/{slug}/{id}/delete",     AdminPermission.DELETE, 200),
        // Per action: the confirmation page for the fixture object...
        new AdminRow("POST /admin/{slug}/actions",        null, 200),
        // ...and running it on an id that does not exist: nothing changes, "none of the selected exist".
        new AdminRow("POST /admin/{slug}/actions/run",    null, 404));
    // spotless:on

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ApplicationContext context;

    @Autowired
    EntityManagerFactory emf;

    @Autowired
    List<AdminResource<?>> adminResources;

    final Map<Caller, TestUser> people = new EnumMap<>(Caller.class);
    final Map<Caller, BrowserSession> sessions = new EnumMap<>(Caller.class);
    String serviceToken;
    String plan;
    /** Values that only the owner, staff and admins may see. */
    final Map<String, String> secrets = new LinkedHashMap<>();
    /** Per admin slug: the id of an object of that model (the owner's where it has one). */
    final Map<String, String> adminIds = new LinkedHashMap<>();

    @Test
    void everyRouteAnswersEveryCallerAsTheTableSays() throws Exception {
        var suite = SuiteSummary.named("authorization core");
        fixtures();
        ApiClient api = new ApiClient(port);

        // Every route has a row, and every row a route.
        Set<String> routes = routes();
        Set<String> rows = new TreeSet<>();
        TABLE.forEach(row -> rows.add(row.route()));
        Set<String> adminPatterns = new TreeSet<>();
        ADMIN.forEach(row -> adminPatterns.add(row.route()));
        for (String route : routes) {
            suite.check(
                    "a rule for " + route, rows.contains(route) || adminPatterns.contains(route), "no rule: add a row");
        }
        for (String row : rows) {
            suite.check(
                    "a route for the row " + row, routes.contains(row) || FILTER_ROUTES.contains(row), "no such route");
        }

        for (Row row : TABLE) {
            for (Caller caller : Caller.values()) {
                if (row.expected(caller) != SKIP) {
                    check(suite, api, row.route(), row.route(), row.body(), caller, row.expected(caller));
                }
            }
        }
        for (AdminDeclarations.Declared model : AdminDeclarations.of(adminResources)) {
            String id = adminIds.get(model.slug());
            suite.check("an object to try the admin of " + model.slug() + " on", id != null, "none");
            for (AdminRow row : ADMIN) {
                if (row.permission() == null) {
                    model.actions().forEach((action, permission) -> {
                        String body = "action=" + action + "&ids="
                                + (row.route().endsWith("/run") ? missing(id) : id) + "&back=/admin/" + model.slug();
                        for (Caller caller : Caller.values()) {
                            int expected = adminExpected(model, permission, row.allowed(), caller);
                            check(
                                    suite,
                                    api,
                                    row.route() + " [" + model.slug() + ", " + action + "]",
                                    concrete(row.route(), model.slug(), id),
                                    body,
                                    caller,
                                    expected);
                        }
                    });
                    continue;
                }
                int allowed = row.permission() == AdminPermission.CHANGE
                                && row.route().contains("/edit")
                                && !model.hasForm()
                        ? 404
                        : row.allowed();
                String body =
                        row.route().startsWith("POST") ? (row.route().endsWith("/edit") ? "_version=-1" : "") : null;
                for (Caller caller : Caller.values()) {
                    check(
                            suite,
                            api,
                            row.route() + " [" + model.slug() + "]",
                            concrete(row.route(), model.slug(), id),
                            body,
                            caller,
                            adminExpected(model, row.permission(), allowed, caller));
                }
            }
        }
        boundaries(suite, api);
        suite.finish();
    }

    /** Routes that filters serve (not in any handler mapping). */
    static final Set<String> FILTER_ROUTES =
            Set.of("POST /login", "POST /logout", "GET /.well-known/oauth-protected-resource");

    /** Beyond the table (the former RoleMatrixIT's checks): unknown routes, the two sides kept apart, CSRF. */
    private void boundaries(SuiteSummary suite, ApiClient api) {
        for (Caller caller : Caller.values()) {
            String[] auth = bearer(caller);
            HttpResponse<String> unknown = api.get("/api/v1/nothing-here", auth);
            int expected = caller == Caller.ANONYMOUS ? 401 : 404;
            suite.check(
                    "GET /api/v1/nothing-here as " + caller,
                    unknown.statusCode() == expected && problem(unknown),
                    unknown.statusCode() + " instead of " + expected + " problem+json");
            HttpResponse<String> wrongMethod = api.get("/api/v1/auth/token", auth);
            expected = caller == Caller.ANONYMOUS ? 401 : 405;
            suite.check(
                    "GET /api/v1/auth/token (POST only) as " + caller,
                    wrongMethod.statusCode() == expected && problem(wrongMethod),
                    wrongMethod.statusCode() + " instead of " + expected);
            int page = session(caller).get("/some/other/page").statusCode();
            boolean signedIn = caller != Caller.ANONYMOUS && caller != Caller.SERVICE;
            suite.check("GET /some/other/page as " + caller, signedIn ? page == 404 : page == 302, "status " + page);
            int css = session(caller).get("/css/auth.css").statusCode();
            suite.check("GET /css/auth.css as " + caller, css == 200, "status " + css);
        }
        // An access token does not open the browser side, a session cookie does not open the API.
        BrowserSession anonymous = new BrowserSession("http://localhost:" + port);
        int withToken = anonymous
                .send(anonymous
                        .request("/admin")
                        .header("Authorization", people.get(Caller.ADMIN).bearer())
                        .GET()
                        .build())
                .statusCode();
        suite.check("an admin's access token on /admin, without a session", withToken == 302, "status " + withToken);
        int withCookie = sessions.get(Caller.ADMIN).get("/api/v1/me").statusCode();
        suite.check("an admin's session cookie on /api/v1/me", withCookie == 401, "status " + withCookie);
        // The browser side refuses a POST without its CSRF token, even signed in as an admin.
        BrowserSession admin = users.signIn(port, people.get(Caller.ADMIN));
        int logout = admin.postFormWithoutCsrf("/logout", Map.of()).statusCode();
        suite.check("POST /logout without CSRF as ADMIN", logout == 403, "status " + logout);
        int adminPost = admin.postFormWithoutCsrf("/admin/anything", Map.of()).statusCode();
        suite.check("POST /admin/anything without CSRF as ADMIN", adminPost == 403, "status " + adminPost);
        int edit = admin.postFormWithoutCsrf("/admin/plans/" + adminIds.get("plans") + "/edit", Map.of("name", "x"))
                .statusCode();
        suite.check("POST /admin/plans/{id}/edit without CSRF as ADMIN", edit == 403, "status " + edit);
    }

    private static int adminExpected(
            AdminDeclarations.Declared model, AdminPermission permission, int allowed, Caller caller) {
        return switch (caller) {
            case ANONYMOUS, SERVICE -> 302;
            case USER, OTHER_USER -> 403;
            case STAFF -> model.staffMay().contains(permission) ? allowed : 403;
            case ADMIN -> model.adminMay().contains(permission) ? allowed : 403;
        };
    }

    private void check(
            SuiteSummary suite, ApiClient api, String route, String pattern, String body, Caller caller, int expected) {
        String method = pattern.substring(0, pattern.indexOf(' '));
        String path = concrete(pattern.substring(pattern.indexOf(' ') + 1), null, null);
        HttpResponse<String> response = pattern.contains(" /api/") || pattern.contains(" /.well-known/")
                ? api(api, method, path, body, caller)
                : page(method, path, body, caller);
        String name = route + " as " + caller;
        int status = response.statusCode();
        suite.check(name, status == expected, status + " instead of " + expected);
        if (status >= 400 && (pattern.contains(" /api/") || pattern.contains(" /.well-known/"))) {
            suite.check(
                    name + ": problem+json",
                    problem(response),
                    "Content-Type "
                            + response.headers().firstValue("Content-Type").orElse("none"));
        }
        if (caller == Caller.ANONYMOUS || caller == Caller.OTHER_USER || caller == Caller.SERVICE) {
            List<String> leaked = secrets.entrySet().stream()
                    .filter(secret ->
                            !path.contains(secret.getValue()) && response.body().contains(secret.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            suite.check(name + ": none of the owner's data", leaked.isEmpty(), "the body holds the owner's " + leaked);
        }
    }

    private HttpResponse<String> api(ApiClient api, String method, String path, String body, Caller caller) {
        String json = body == null ? null : body.replace("{plan}", plan);
        return api.send(method, path, json, bearer(caller));
    }

    private HttpResponse<String> page(String method, String path, String body, Caller caller) {
        boolean fresh = path.equals("/login") || path.equals("/logout");
        BrowserSession session = fresh && method.equals("POST") ? freshSession(caller) : session(caller);
        HttpRequest.Builder request;
        if (method.equals("GET") || method.equals("ALL")) {
            request = session.request(path + (body == null ? "" : body)).GET();
        } else {
            Map<String, String> fields = new LinkedHashMap<>();
            if (body != null && !body.isEmpty()) {
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    fields.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            // A wrong password for a fresh unknown account each time: the throttle counts per account.
            fields.replaceAll((k, v) -> v.equals("{nobody}") ? "nobody-" + UUID.randomUUID() + "@example.test" : v);
            fields.put("_csrf", session.csrfToken());
            request = session.request(path)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                                    .collect(Collectors.joining("&"))));
        }
        if (caller == Caller.SERVICE) {
            request.header("Authorization", "Bearer " + serviceToken);
        }
        return session.send(request.build());
    }

    private String[] bearer(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> new String[0];
            case SERVICE -> new String[] {"Authorization", "Bearer " + serviceToken};
            default -> new String[] {"Authorization", people.get(caller).bearer()};
        };
    }

    private BrowserSession session(Caller caller) {
        return sessions.computeIfAbsent(caller, this::freshSession);
    }

    private BrowserSession freshSession(Caller caller) {
        return switch (caller) {
            case ANONYMOUS, SERVICE -> new BrowserSession("http://localhost:" + port);
            default -> users.signIn(port, people.get(caller));
        };
    }

    /** Every route of every Spring MVC handler mapping, as "METHOD /path" with variables bare. */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = info.getMethodsCondition().getMethods().stream()
                        .map(Enum::name)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (methods.isEmpty()) {
                    methods = Set.of("ALL");
                }
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods) {
                        routes.add(method + " " + bare(pattern));
                    }
                }
            }
        }
        return routes;
    }

    /** "/admin/{slug:[a-z]+}/{id:[\\w-]+}" → "/admin/{slug}/{id}". */
    static String bare(String pattern) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inRegex = false;
        for (char c : pattern.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    out.append(c);
                    continue;
                }
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    inRegex = false;
                    out.append(c);
                    continue;
                }
            } else if (c == ':' && depth == 1) {
                inRegex = true;
            }
            if (!inRegex) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String concrete(String pattern, String slug, String id) {
        String path = pattern;
        if (slug != null) {
            path = path.replace("{slug}", slug);
        }
        if (id != null) {
            path = path.replace("{id}", id);
        }
        return path.replace("{provider}", "stripe").replace("/**", "/liveness");
    }

    /** An id of the same shape that no object has. */
    private static String missing(String id) {
        return id.length() == 36 ? "00000000-0000-0000-0000-000000000000" : "0";
    }

    private void fixtures() throws Exception {
        TestUser owner = users.create();
        people.put(Caller.USER, owner);
        people.put(Caller.OTHER_USER, users.create());
        people.put(Caller.STAFF, users.create(Role.STAFF));
        people.put(Caller.ADMIN, users.create(Role.ADMIN));
        serviceToken = users.accessToken(UUID.randomUUID(), Set.of(), "entitlements:read");
        plan = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        long planId;
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement ps = c.prepareStatement("insert into plans (code, name, price_minor, currency,"
                        + " billing_interval) values (?, ?, 1500, 'EUR', 'month') returning id")) {
            ps.setString(1, plan);
            ps.setString(2, "Matrix " + plan);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                planId = rs.getLong(1);
            }
        }
        ApiClient api = new ApiClient(port);
        HttpResponse<String> subscribed =
                api.post("/api/v1/billing/subscription", object("planCode", plan), "Authorization", owner.bearer());
        if (subscribed.statusCode() != 201) {
            throw new IllegalStateException("the owner could not subscribe: " + subscribed.body());
        }
        String subscription = json(subscribed).get("id").asString();
        var invoice = json(api.get("/api/v1/billing/invoices", "Authorization", owner.bearer()))
                .get("items")
                .get(0);
        secrets.put("email", owner.email());
        secrets.put("user id", owner.id().toString());
        secrets.put("subscription id", subscription);
        secrets.put("invoice id", invoice.get("id").asString());
        secrets.put("invoice number", invoice.get("number").asString());

        adminIds.put("users", owner.id().toString());
        adminIds.put("subscriptions", subscription);
        adminIds.put("invoices", invoice.get("id").asString());
        adminIds.put("plans", String.valueOf(planId));
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement history = c.prepareStatement("insert into admin_log_entries (actor_email, resource,"
                        + " object_id, object_repr, action) values ('admin@example.test', 'users', ?, ?, 'change')"
                        + " returning id");
                PreparedStatement event = c.prepareStatement("insert into webhook_events (provider, event_id,"
                        + " event_type, payload) values ('stripe', ?, 'customer.updated', ?::jsonb) returning id")) {
            history.setString(1, owner.id().toString());
            history.setString(2, owner.email());
            try (ResultSet rs = history.executeQuery()) {
                rs.next();
                adminIds.put("history", rs.getString(1));
            }
            event.setString(1, "evt_" + UUID.randomUUID());
            event.setString(2, "{\"email\": \"" + owner.email() + "\"}");
            try (ResultSet rs = event.executeQuery()) {
                rs.next();
                adminIds.put("webhook-events", rs.getString(1));
            }
        }
        // Any other model registered later: any one of its objects.
        var util = emf.getPersistenceUnitUtil();
        try (var em = emf.createEntityManager()) {
            for (AdminDeclarations.Declared model : AdminDeclarations.of(adminResources)) {
                if (!adminIds.containsKey(model.slug())) {
                    String entity = em.getMetamodel().entity(model.type()).getName();
                    em.createQuery("select e from " + entity + " e", model.type())
                            .setMaxResults(1)
                            .getResultStream()
                            .findFirst()
                            .ifPresent(found -> adminIds.put(model.slug(), String.valueOf(util.getIdentifier(found))));
                }
            }
        }
    }

    private static boolean problem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
