package dev.useboth.hotpath.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.useboth.hotpath.events.SseTestClient;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.hotpath.web.Route;
import dev.useboth.schema.testing.SuiteSummary;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hot path's authorization matrix: every route of its {@code RouteTable} × {anonymous, user,
 * another user, staff, admin, service token}, with the expected status of each cell in one table
 * ({@link #TABLE}). A route without a row fails the suite by name, and so does a row whose route
 * is gone.
 *
 * <p><b>The service token</b>: {@code GET /hot/v1/users/{id}/entitlements} is for other services,
 * which present a token with the scope {@code entitlements:read} (or an ADMIN's token). The core
 * issues no such token to services today, so the suite mints one as the core would sign it (with
 * {@link dev.useboth.hotpath.testing.TestKeys}, standing in for the core's key): a subject that is
 * no user, no roles, {@code scope: entitlements:read} (see docs/security.md).
 *
 * <p>IDOR: "user" owns a subscription and three invoices. Nobody else ever gets the owner's id,
 * invoice ids or numbers in a body, except an admin or a service on the route made for them; an
 * owner's invoice cursor shows another user only their own invoices; another user's event stream
 * receives nothing of the owner's changes. Prints {@code [suite] authorization hot-path: ...}.
 */
class AuthorizationMatrixIT {

    enum Caller {
        ANONYMOUS,
        USER,
        OTHER_USER,
        STAFF,
        ADMIN,
        SERVICE
    }

    enum Rule {
        /** Anyone, no token. */
        PUBLIC,
        /** The caller's own data ({@code /me/...}): any valid token, read by its {@code sub}. */
        OWNER,
        /** Other services: the {@code entitlements:read} scope, or an ADMIN. */
        SERVICE
    }

    /** The route as the route table names it, its rule, the request's query, then ANONYMOUS..SERVICE. */
    record Row(String route, Rule rule, String query, int... expected) {
        int expected(Caller caller) {
            return expected[caller.ordinal()];
        }
    }

    // spotless:off
    static final List<Row> TABLE = List.of(
        //                                                                        anon user other staff admin service
        new Row("GET /hot/v1/plans",                   Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        new Row("GET /hot/v1/me/entitlements",         Rule.OWNER,   "",              401, 200, 200, 200, 200, 200),
        new Row("GET /hot/v1/me/invoices",             Rule.OWNER,   "?limit=10",     401, 200, 200, 200, 200, 200),
        // {id} is the owner: the owner's own token has neither the scope nor ADMIN.
        new Row("GET /hot/v1/users/{id}/entitlements", Rule.SERVICE, "",              401, 403, 403, 403, 200, 200),
        new Row("GET /hot/v1/me/events",               Rule.OWNER,   "",              401, 200, 200, 200, 200, 200),
        new Row("GET /hot/openapi.json",               Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        new Row("GET /hot/docs",                       Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        new Row("GET /hot/docs/{asset}",               Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        new Row("GET /hot/health/live",                Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        new Row("GET /hot/health/ready",               Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200),
        // Public on the service's own port; the gateway answers /hot/metrics with 404.
        new Row("GET /hot/metrics",                    Rule.PUBLIC,  "",              200, 200, 200, 200, 200, 200));
    // spotless:on

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void everyRouteAnswersEveryCallerAsTheTableSays() throws Exception {
        var suite = SuiteSummary.named("authorization hot-path");
        TestApp hot = TestApp.shared().awaitListening();

        UUID owner = TestData.user();
        String plan = "authz-" + UUID.randomUUID().toString().substring(0, 8);
        TestData.plan(plan, 900, "projects", 10);
        TestData.plan(plan + "-up", 1900, "projects", 50);
        UUID subscription = TestData.subscribe(owner, plan);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("user id", owner.toString());
        for (int i = 1; i <= 3; i++) {
            UUID invoice = TestData.invoice(owner, TestData.at("2026-0" + i + "-01T00:00:00Z"), 100L * i);
            secrets.put("invoice id " + i, invoice.toString());
        }
        JsonNode ownPage = JSON.readTree(
                hot.get("/hot/v1/me/invoices?limit=1", hot.keys.token(owner)).body());
        ownPage.get("items")
                .forEach(
                        item -> secrets.put("invoice number", item.get("number").asText()));
        String ownersCursor = ownPage.get("nextCursor").asText();

        Map<Caller, UUID> ids = new EnumMap<>(Caller.class);
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        ids.put(Caller.USER, owner);
        tokens.put(Caller.USER, hot.keys.token(owner, List.of("USER"), null));
        for (Caller caller : List.of(Caller.OTHER_USER, Caller.STAFF, Caller.ADMIN)) {
            ids.put(caller, TestData.user());
        }
        tokens.put(Caller.OTHER_USER, hot.keys.token(ids.get(Caller.OTHER_USER), List.of("USER"), null));
        tokens.put(Caller.STAFF, hot.keys.token(ids.get(Caller.STAFF), List.of("USER", "STAFF"), null));
        tokens.put(Caller.ADMIN, hot.keys.token(ids.get(Caller.ADMIN), List.of("USER", "ADMIN"), null));
        tokens.put(Caller.SERVICE, hot.keys.token(UUID.randomUUID(), List.of(), "entitlements:read"));

        // Every route has a row, and every row a route.
        Set<String> routes = new TreeSet<>();
        Map<String, Route> byName = new LinkedHashMap<>();
        for (Route route : hot.app.routes().routes()) {
            routes.add(route.method() + " " + route.path());
            byName.put(route.method() + " " + route.path(), route);
        }
        Set<String> rows = new TreeSet<>();
        TABLE.forEach(row -> rows.add(row.route()));
        routes.forEach(route -> suite.check("a rule for " + route, rows.contains(route), "no rule: add a row"));
        rows.forEach(row -> suite.check("a route for the row " + row, routes.contains(row), "no such route"));

        for (Row row : TABLE) {
            Route route = byName.get(row.route());
            if (route == null) {
                continue;
            }
            String path = row.route()
                            .substring(row.route().indexOf(' ') + 1)
                            .replace("{id}", owner.toString())
                            .replace("{asset}", "swagger-ui.css")
                    + row.query();
            for (Caller caller : Caller.values()) {
                Answer answer = call(hot, path, route.mediaType(), tokens.get(caller));
                String name = row.route() + " as " + caller;
                int expected = row.expected(caller);
                suite.check(name, answer.status() == expected, answer.status() + " instead of " + expected);
                if (answer.status() >= 400) {
                    suite.check(
                            name + ": problem+json",
                            answer.type().startsWith("application/problem+json"),
                            "Content-Type " + answer.type());
                }
                boolean entitled = caller == Caller.USER
                        || (row.rule() == Rule.SERVICE && (caller == Caller.ADMIN || caller == Caller.SERVICE));
                if (!entitled) {
                    List<String> leaked = secrets.entrySet().stream()
                            .filter(s -> !path.contains(s.getValue())
                                    && answer.body().contains(s.getValue()))
                            .map(Map.Entry::getKey)
                            .toList();
                    suite.check(
                            name + ": none of the owner's data",
                            leaked.isEmpty(),
                            "the body holds the owner's " + leaked);
                }
            }
        }

        // The owner's cursor shows another user their own (no) invoices, never the owner's.
        for (Caller caller : List.of(Caller.OTHER_USER, Caller.STAFF, Caller.ADMIN, Caller.SERVICE)) {
            Answer page = call(
                    hot, "/hot/v1/me/invoices?limit=10&cursor=" + ownersCursor, "application/json", tokens.get(caller));
            List<String> leaked = secrets.entrySet().stream()
                    .filter(s -> page.body().contains(s.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            suite.check(
                    "the owner's invoice cursor as " + caller,
                    page.status() == 200 && leaked.isEmpty(),
                    page.status() + ", the owner's " + leaked);
        }

        // Another user's event stream hears nothing of the owner's changes.
        try (SseTestClient mine =
                        SseTestClient.open(hot.http, hot.uri("/hot/v1/me/events"), tokens.get(Caller.USER), null);
                SseTestClient theirs = SseTestClient.open(
                        hot.http, hot.uri("/hot/v1/me/events"), tokens.get(Caller.OTHER_USER), null)) {
            boolean connected = mine.awaitLine(": connected", SECOND) && theirs.awaitLine(": connected", SECOND);
            suite.check("both event streams connect", connected, "no ': connected'");
            TestData.changePlan(subscription, plan + "-up");
            TestData.invoice(owner, TestData.at("2026-05-01T00:00:00Z"), 700);
            SseTestClient.Event first = mine.nextEvent(Duration.ofSeconds(3));
            SseTestClient.Event second = mine.nextEvent(Duration.ofSeconds(3));
            suite.check(
                    "the owner's stream hears the owner's changes",
                    first != null && second != null,
                    "events: " + first + ", " + second);
            SseTestClient.Event overheard = theirs.nextEvent(SECOND);
            suite.check("another user's stream hears none of them", overheard == null, "got " + overheard);
        }
        suite.finish();
    }

    record Answer(int status, String type, String body) {}

    /** A GET; an event stream that opened is closed at once (its status and headers are the answer). */
    static Answer call(TestApp hot, String path, String accept, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(hot.uri(path)).header("Accept", accept).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = hot.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("content-type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            body = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(response.statusCode(), type, body);
    }
}
