package dev.useboth.core.hardening;

import static dev.useboth.schema.testing.HostileHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.admin.AdminResource;
import dev.useboth.core.auth.BrowserSession;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.schema.testing.HostileHttp;
import dev.useboth.schema.testing.HostileHttp.Body;
import dev.useboth.schema.testing.HostileHttp.RawResponse;
import dev.useboth.schema.testing.SuiteSummary;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Hostile input against every route of the core, generated from the route tables: Spring MVC's
 * handler mappings (the API, the auth and account pages, the admin's generic routes expanded to
 * every registered {@link AdminResource}, webhooks, JWKS, springdoc, actuator) plus the two
 * form routes Spring Security serves itself ({@code POST /login}, {@code POST /logout}).
 *
 * <p>Each route is called by a caller allowed to reach it (an ADMIN's access token for the API,
 * a signed-in ADMIN's browser session with its CSRF token for pages and forms) and anonymously,
 * with: malformed, truncated, wrongly typed, deeply nested, oversized JSON; huge numbers; NUL and
 * invalid UTF-8 in body, path, query and headers; SQL and HTML metacharacters; path traversal;
 * overlong headers and query strings; unknown methods. The rules every answer keeps:
 *
 * <ul>
 *   <li>never a 5xx, never a closed connection without an answer;
 *   <li>no stack trace, exception name, SQL message or server banner in the body;
 *   <li>an error (4xx) of the API is {@code application/problem+json}; an error of a page or form
 *       is the application's HTML page (the form re-rendered with its messages, the admin's error
 *       page, the account message page) or problem+json;
 *   <li>a page or form may also answer 200 (the form re-rendered or the message page) or redirect
 *       within the site (a relative {@code Location}); the API never redirects;
 *   <li>what no route may accept (malformed JSON, wrong types, nesting, huge numbers, invalid
 *       bytes, traversal, unknown methods, overlong headers) is a 4xx; an oversized body is 413;
 *   <li>markup sent in is never echoed unescaped.
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
@Tag(SuiteSummary.SLOW) // about 7,000 requests: 35 to 80 s on a loaded two-core machine
class HostileInputIT {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(?::[^}]*)?}");
    private static final Pattern FIELD_NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern LINK_QUERY = Pattern.compile("href=\"[^\"?]*\\?([^\"#]*)\"");
    /**
     * The suite's client address (a documentation address, trusted through X-Forwarded-For from
     * localhost): its failed sign-ins use up its own throttling bucket, not that of 127.0.0.1,
     * which the other tests sharing the database sign in from.
     */
    private static final String CLIENT_ADDRESS = "203.0.113.77";

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    @LocalServerPort
    int port;

    @Autowired
    List<RequestMappingInfoHandlerMapping> handlerMappings;

    @Autowired
    List<AdminResource<?>> adminResources;

    @Autowired
    TestUsers users;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One concrete route: a method and a path with real values in its variables. */
    record Endpoint(
            String method,
            String template,
            String path,
            Map<String, String> variables,
            boolean api,
            boolean readsJson,
            List<String> bodyFields,
            Set<String> queryNames,
            Set<String> formFields) {

        String label() {
            return method + " " + path;
        }
    }

    /** Who calls: the headers that make them who they are (and the CSRF token for forms). */
    record Caller(String name, List<String> headers, String csrf) {}

    record Answer(int status, String contentType, String location, String body) {}

    @Test
    void everyRouteAnswersHostileInputWithA4xxProblemAndNeverLeaks() throws Exception {
        long started = System.nanoTime();
        TestUsers.TestUser apiAdmin = users.create(Role.ADMIN);
        TestUsers.TestUser pageAdmin = users.create(Role.ADMIN);
        BrowserSession browser = users.signIn(port, pageAdmin);
        String cookie =
                browser.request("/").build().headers().firstValue("Cookie").orElseThrow();
        Caller token = new Caller("admin token", List.of("Authorization", apiAdmin.bearer()), null);
        Caller session = new Caller("admin session", List.of("Cookie", cookie), browser.csrfToken());
        pageAdminUser = pageAdmin;
        Caller anonymous = new Caller("anonymous", List.of(), null);

        List<Endpoint> endpoints = endpoints(browser);
        var suite = SuiteSummary.named("hostile-input core");
        List<Runnable> cases = new ArrayList<>();
        Set<String> anonymousTemplates = new java.util.HashSet<>();
        for (Endpoint endpoint : endpoints) {
            Caller allowed = endpoint.api() ? token : session;
            Supplier<Caller> signedIn = endpoint.path().equals("/logout") ? this::freshSession : () -> allowed;
            cases.addAll(cases(suite, endpoint, allowed.name(), signedIn));
            // Anonymous callers are turned away before any model's code runs: one admin model is enough.
            if (anonymousTemplates.add(endpoint.method() + " " + endpoint.template())) {
                cases.addAll(cases(suite, endpoint, anonymous.name(), () -> anonymous));
            }
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            cases.forEach(c -> futures.add(pool.submit(c)));
            for (Future<?> future : futures) {
                future.get();
            }
        }
        System.out.printf(
                "hostile-input core: %d routes, %d cases in %d ms%n",
                endpoints.size(), suite.cases(), (System.nanoTime() - started) / 1_000_000);
        // Every failing case, for reading when the summary's first 40 are not enough.
        java.nio.file.Files.write(java.nio.file.Path.of("target", "hostile-input-core-failures.txt"), suite.failures());
        suite.finish();
    }

    /** The same refusal, asked for by a browser: a page on the browser side, problem+json on the API. */
    @Test
    void browsersGetAnErrorPageOutsideTheApiAndProblemJsonOnIt() {
        Caller browser = new Caller("browser", List.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), null);
        Answer page = send("GET", "/admin/..;/users", browser, null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.contentType()).isEqualTo("text/html");
        assertThat(page.body()).contains("<h1>Bad Request</h1>").doesNotContain("Tomcat", "Whitelabel", "..;");

        Answer api = send("GET", "/api/v1/me/..;/x", browser, null);
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.contentType()).isEqualTo("application/problem+json");
        assertThat(api.body()).contains("\"status\":400");
    }

    private TestUsers.TestUser pageAdminUser;

    /** A new signed-in session of the page admin, for a request that ends its session. */
    private Caller freshSession() {
        BrowserSession browser = users.signIn(port, pageAdminUser);
        String cookie =
                browser.request("/").build().headers().firstValue("Cookie").orElseThrow();
        return new Caller("admin session", List.of("Cookie", cookie), browser.csrfToken());
    }

    // ---- the routes, from the handler mappings ----

    private List<Endpoint> endpoints(BrowserSession browser) {
        Map<String, Endpoint> found = new TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping : handlerMappings) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                    mapping.getHandlerMethods().entrySet()) {
                RequestMappingInfo info = entry.getKey();
                Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
                List<String> methods = declared.isEmpty()
                        ? List.of("GET", "POST")
                        : declared.stream().map(Enum::name).toList();
                for (String template : info.getPatternValues()) {
                    for (String method : methods) {
                        for (Map<String, String> variables : variableValues(template, browser)) {
                            Endpoint endpoint = endpoint(method, template, variables, entry.getValue(), browser);
                            found.putIfAbsent(endpoint.label(), endpoint);
                        }
                    }
                }
            }
        }
        // Spring Security serves these two forms itself: they are in no handler mapping.
        for (String path : List.of("/login", "/logout")) {
            Endpoint endpoint = new Endpoint(
                    "POST",
                    path,
                    path,
                    Map.of(),
                    false,
                    false,
                    List.of(),
                    Set.of(),
                    path.equals("/login") ? Set.of("username", "password") : Set.of());
            found.putIfAbsent(endpoint.label(), endpoint);
        }
        return List.copyOf(found.values());
    }

    /** Real values for a template's variables: each admin slug, an id from its list page, ... */
    private List<Map<String, String>> variableValues(String template, BrowserSession browser) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_VARIABLE.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        if (names.isEmpty()) {
            return List.of(Map.of());
        }
        List<Map<String, String>> all = new ArrayList<>();
        if (names.contains("slug")) {
            for (AdminResource<?> resource : adminResources) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("slug", resource.slug());
                if (names.contains("id")) {
                    values.put("id", firstId(browser, resource.slug()));
                }
                names.forEach(name -> values.putIfAbsent(name, "x"));
                all.add(values);
            }
        } else {
            Map<String, String> values = new LinkedHashMap<>();
            names.forEach(name -> values.put(name, name.equals("provider") ? "stripe" : "x"));
            all.add(values);
        }
        return all;
    }

    private static String firstId(BrowserSession browser, String slug) {
        Matcher ids = Pattern.compile("href=\"/admin/" + Pattern.quote(slug) + "/([^\"/?]+)\"")
                .matcher(browser.get("/admin/" + slug).body());
        while (ids.find()) {
            if (!ids.group(1).equals("add")) {
                return ids.group(1);
            }
        }
        return UUID.randomUUID().toString();
    }

    private Endpoint endpoint(
            String method,
            String template,
            Map<String, String> variables,
            HandlerMethod handler,
            BrowserSession browser) {
        String path =
                PATH_VARIABLE.matcher(template).replaceAll(m -> Matcher.quoteReplacement(variables.get(m.group(1))));
        boolean api = path.startsWith("/api/") || path.startsWith("/.well-known/");
        boolean readsJson = false;
        List<String> bodyFields = List.of();
        Set<String> params = new LinkedHashSet<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                Class<?> type = parameter.getParameterType();
                readsJson = type != String.class && type != byte[].class;
                if (type.isRecord()) {
                    bodyFields = java.util.Arrays.stream(type.getRecordComponents())
                            .map(RecordComponent::getName)
                            .toList();
                }
            }
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam != null && !MultiValueMap.class.isAssignableFrom(parameter.getParameterType())) {
                String name = requestParam.name().isEmpty() ? parameter.getParameterName() : requestParam.name();
                params.add(name);
            }
        }
        Set<String> queryNames = new LinkedHashSet<>(params);
        queryNames.add("q");
        Set<String> formFields = new LinkedHashSet<>();
        if (!api) {
            // What the page itself links to and submits: list filters, sorting, form fields.
            String page = browser.get(path).body();
            Matcher links = LINK_QUERY.matcher(page);
            while (links.find()) {
                for (String pair : links.group(1).replace("&amp;", "&").split("&")) {
                    String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                    if (!name.isBlank()) {
                        queryNames.add(name);
                    }
                }
            }
            if (BODY_METHODS.contains(method)) {
                Matcher fields = FIELD_NAME.matcher(page);
                while (fields.find()) {
                    if (!fields.group(1).equals("_csrf")) {
                        formFields.add(fields.group(1));
                    }
                }
                formFields.addAll(params);
            }
        }
        return new Endpoint(method, template, path, variables, api, readsJson, bodyFields, queryNames, formFields);
    }

    // ---- the cases of one route and caller ----

    /**
     * The cases of one route and caller. {@code callers} gives the caller for each case: the
     * same one, except for {@code POST /logout}, which ends the session it is sent with.
     */
    private List<Runnable> cases(SuiteSummary suite, Endpoint e, String callerName, Supplier<Caller> callers) {
        List<Runnable> cases = new ArrayList<>();
        String prefix = e.label() + " as " + callerName + ": ";
        boolean withBody = BODY_METHODS.contains(e.method());
        BiConsumer<String, Function<Caller, Check>> add = (name, check) -> cases.add(() -> {
            Check c = check.apply(callers.get());
            judge(suite, prefix + name, e, c.mustReject(), c.expectedStatus(), c.answer());
        });

        // Unknown and refused methods.
        for (String method : List.of("BREW", "PROPFIND", "TRACE")) {
            add.accept(method, c -> Check.rejected(send(method, e.path(), c, null)));
        }

        // Hostile values in each path variable.
        for (String variable : e.variables().keySet()) {
            HostileHttp.pathSegments().forEach((name, segment) -> {
                String path = PATH_VARIABLE
                        .matcher(e.template())
                        .replaceAll(m -> Matcher.quoteReplacement(
                                m.group(1).equals(variable)
                                        ? segment
                                        : e.variables().get(m.group(1))));
                add.accept(
                        "{" + variable + "} = " + name,
                        c -> Check.rejected(send(e.method(), path, c, withBody ? neutralBody(e, c) : null)));
            });
        }

        // Path traversal and invalid bytes in the path, sent as raw bytes (no client normalises them).
        Map<String, byte[]> targets = new LinkedHashMap<>();
        targets.put("dot segments above the root", ascii(e.path() + "/../../../../../../etc/passwd"));
        targets.put("semicolon traversal", ascii(e.path() + "/..;/..;/admin"));
        targets.put("encoded dot segments", ascii(e.path() + "/%2e%2e/%2e%2e/admin"));
        targets.put("encoded slashes", ascii(e.path() + "%2F..%2F..%2Fadmin"));
        targets.put("encoded backslashes", ascii(e.path() + "%5C..%5C..%5Cadmin"));
        targets.put("encoded NUL in the path", ascii(e.path() + "%00"));
        targets.put("raw NUL in the path", concat(ascii(e.path()), new byte[] {0}));
        targets.put(
                "raw invalid UTF-8 in the path", concat(ascii(e.path()), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}));
        targets.forEach((name, target) ->
                add.accept(name, c -> Check.rejected(raw(e.method(), target, c, List.of(), null))));
        add.accept(
                "raw invalid UTF-8 in the query",
                c -> Check.harmless(raw(
                        e.method(),
                        concat(ascii(e.path() + "?q=a"), new byte[] {(byte) 0xFF, (byte) 0xFE}),
                        c,
                        List.of(),
                        null)));

        // Hostile query values in every parameter the route reads or its page links to, and as names.
        HostileHttp.queryValues().forEach((name, value) -> {
            String query = e.queryNames().stream().map(q -> q + "=" + value).collect(Collectors.joining("&"));
            add.accept("query " + name, c -> Check.harmless(send(e.method(), e.path() + "?" + query, c, null)));
            add.accept(
                    "query name " + name,
                    c -> Check.harmless(send(e.method(), e.path() + "?" + value + "=1", c, null)));
        });
        add.accept(
                "64 KiB query string",
                c -> Check.rejected(
                        raw(e.method(), ascii(e.path() + "?q=" + "a".repeat(64 * 1024)), c, List.of(), null)));

        // Headers: overlong, and with bytes no client library lets through.
        add.accept(
                "64 KiB header",
                c -> Check.rejected(raw(
                        e.method(), ascii(e.path()), c, List.of(ascii("X-Hostile: " + "a".repeat(64 * 1024))), null)));
        add.accept(
                "NUL in a header value",
                c -> Check.harmless(raw(
                        e.method(),
                        ascii(e.path()),
                        c,
                        List.of(concat(ascii("X-Hostile: a"), new byte[] {0, 'b'})),
                        null)));
        add.accept(
                "invalid UTF-8 in a header value",
                c -> Check.harmless(raw(
                        e.method(),
                        ascii(e.path()),
                        c,
                        List.of(concat(ascii("X-Hostile: a"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})),
                        null)));

        if (!withBody) {
            return cases;
        }
        // JSON bodies for the API (and any route that reads JSON), forms for the pages.
        if (e.api() || e.formFields().isEmpty() && e.readsJson()) {
            for (Body body : HostileHttp.jsonBodies(e.bodyFields())) {
                if (body.name().startsWith("oversized")) {
                    add.accept(
                            "body: " + body.name(),
                            c -> Check.status(
                                    413, raw(e.method(), ascii(e.path()), c, contentType(body), body.bytes())));
                    // Without a length the body is refused when it is read past the limit: 413 where
                    // the route reads it; an anonymous caller may be refused (401) before that.
                    add.accept(
                            "body: " + body.name() + ", chunked",
                            c -> new Check(
                                    true,
                                    c.headers().isEmpty() ? 0 : 413,
                                    answer(HostileHttp.rawChunked(
                                            port,
                                            e.method(),
                                            ascii(e.path()),
                                            headerLines(c, contentType(body)),
                                            body.bytes()))));
                } else {
                    add.accept(
                            "body: " + body.name(),
                            c -> new Check(e.readsJson() && body.mustReject(), 0, send(e.method(), e.path(), c, body)));
                }
            }
            return cases;
        }
        List<String> fields = e.formFields().isEmpty() ? List.of("value") : List.copyOf(e.formFields());
        HostileHttp.formValues().forEach((name, value) -> {
            String form = fields.stream().map(f -> f + "=" + value).collect(Collectors.joining("&"));
            add.accept("form: " + name, c -> Check.harmless(send(e.method(), e.path(), c, form(c, form))));
        });
        add.accept(
                "form: raw invalid UTF-8",
                c -> Check.harmless(send(
                        e.method(),
                        e.path(),
                        c,
                        new Body(
                                "raw bytes",
                                concat(
                                        ascii(withCsrf(c, fields.getFirst() + "=a")),
                                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}),
                                "application/x-www-form-urlencoded",
                                false))));
        Body oversized = HostileHttp.oversized("application/x-www-form-urlencoded");
        add.accept(
                "form: " + oversized.name(),
                c -> Check.status(413, raw(e.method(), ascii(e.path()), c, contentType(oversized), oversized.bytes())));
        add.accept(
                "form: " + oversized.name() + ", chunked",
                c -> Check.rejected(answer(HostileHttp.rawChunked(
                        port,
                        e.method(),
                        ascii(e.path()),
                        headerLines(c, contentType(oversized)),
                        oversized.bytes()))));
        return cases;
    }

    /** An answer and what it must be: a 4xx when {@code mustReject}, exactly {@code expectedStatus} unless 0. */
    record Check(boolean mustReject, int expectedStatus, Answer answer) {
        static Check rejected(Answer answer) {
            return new Check(true, 0, answer);
        }

        static Check harmless(Answer answer) {
            return new Check(false, 0, answer);
        }

        static Check status(int status, Answer answer) {
            return new Check(true, status, answer);
        }
    }

    /** A harmless body for requests whose hostile part is elsewhere. */
    private static Body neutralBody(Endpoint e, Caller caller) {
        return e.api() ? new Body("{}", ascii("{}"), "application/json", false) : form(caller, "value=x");
    }

    private static Body form(Caller caller, String form) {
        return new Body("form", ascii(withCsrf(caller, form)), "application/x-www-form-urlencoded", false);
    }

    private static String withCsrf(Caller caller, String form) {
        return caller.csrf() == null ? form : "_csrf=" + caller.csrf() + "&" + form;
    }

    private static List<byte[]> contentType(Body body) {
        return List.of(ascii("Content-Type: " + body.contentType()));
    }

    // ---- judging an answer ----

    private static void judge(
            SuiteSummary suite, String name, Endpoint e, boolean mustReject, int expectedStatus, Answer answer) {
        String problem = problemWith(e, mustReject, expectedStatus, answer);
        suite.check(
                name,
                problem == null,
                problem + " (" + answer.status() + " " + answer.contentType() + " " + HostileHttp.snippet(answer.body())
                        + ")");
    }

    private static String problemWith(Endpoint e, boolean mustReject, int expectedStatus, Answer answer) {
        int status = answer.status();
        String defect = HostileHttp.defect(status, answer.contentType(), answer.body(), expectedStatus);
        if (defect != null) {
            return defect;
        }
        if (mustReject && status < 400 && !(status == 302 && !e.api() && isLoginRedirect(answer))) {
            return "accepted what it must refuse";
        }
        if (status >= 300 && status < 400) {
            if (e.api()) {
                return "the API redirected";
            }
            String location = answer.location();
            if (location == null || !location.startsWith("/") || location.startsWith("//")) {
                return "redirects off-site: " + location;
            }
        }
        if (status >= 400) {
            boolean problemJson = answer.contentType().equals("application/problem+json");
            boolean page = answer.contentType().equals("text/html") && !e.api();
            if (!problemJson && !page) {
                return "an error that is not problem+json";
            }
        }
        return null;
    }

    private static boolean isLoginRedirect(Answer answer) {
        return answer.location() != null && answer.location().startsWith("/login");
    }

    // ---- sending ----

    /** Through java.net.http when it accepts the target; as raw bytes otherwise. */
    private Answer send(String method, String target, Caller caller, Body body) {
        URI uri;
        try {
            uri = new URI("http://localhost:" + port + target);
        } catch (java.net.URISyntaxException ex) {
            return raw(
                    method,
                    ascii(target),
                    caller,
                    body == null ? List.of() : contentType(body),
                    body == null ? null : body.bytes());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        request.header("X-Forwarded-For", CLIENT_ADDRESS);
        for (int i = 0; i < caller.headers().size(); i += 2) {
            request.header(caller.headers().get(i), caller.headers().get(i + 1));
        }
        if (body != null) {
            request.header("Content-Type", body.contentType());
        }
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    mediaType(response.headers().firstValue("Content-Type").orElse("")),
                    response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (java.io.IOException ex) {
            return new Answer(0, "", null, ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private Answer raw(String method, byte[] target, Caller caller, List<byte[]> headers, byte[] body) {
        return answer(HostileHttp.raw(port, method, target, headerLines(caller, headers), body));
    }

    private static List<byte[]> headerLines(Caller caller, List<byte[]> headers) {
        List<byte[]> lines = new ArrayList<>();
        lines.add(ascii("X-Forwarded-For: " + CLIENT_ADDRESS));
        for (int i = 0; i < caller.headers().size(); i += 2) {
            lines.add(ascii(caller.headers().get(i) + ": " + caller.headers().get(i + 1)));
        }
        lines.addAll(headers);
        return lines;
    }

    private static Answer answer(RawResponse response) {
        return new Answer(
                response.status(), response.mediaType(), response.headers().get("location"), response.body());
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
