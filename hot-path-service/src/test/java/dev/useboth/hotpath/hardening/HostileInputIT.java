package dev.useboth.hotpath.hardening;

import static dev.useboth.schema.testing.HostileHttp.ascii;

import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.hotpath.web.Param;
import dev.useboth.hotpath.web.Route;
import dev.useboth.schema.testing.HostileHttp;
import dev.useboth.schema.testing.HostileHttp.Body;
import dev.useboth.schema.testing.HostileHttp.RawResponse;
import dev.useboth.schema.testing.SuiteSummary;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every route of the hot path, generated from its {@code RouteTable}: each
 * route is called with an ADMIN token holding the {@code entitlements:read} scope (allowed on every
 * route) and anonymously, with hostile path variables, query values and names, header values
 * (declared headers included), unknown methods, path traversal, invalid bytes, overlong headers
 * and query strings, and JSON bodies (no route reads one: they must be ignored, or refused with
 * 413 over the 1 MiB limit). Every answer is below 500 and leaks nothing; every error is
 * {@code application/problem+json}; what no route may accept is a 4xx.
 */
class HostileInputIT {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestApp hot;

    record Caller(String name, List<String> headers) {}

    record Answer(int status, String contentType, String body) {}

    record Check(boolean mustReject, int expectedStatus, Answer answer) {
        static Check rejected(Answer answer) {
            return new Check(true, 0, answer);
        }

        static Check harmless(Answer answer) {
            return new Check(false, 0, answer);
        }
    }

    @Test
    void everyRouteAnswersHostileInputWithA4xxProblemAndNeverLeaks() throws Exception {
        long started = System.nanoTime();
        hot = TestApp.shared();
        UUID userId = TestData.user();
        String token = hot.keys.token(userId, List.of("USER", "ADMIN"), "entitlements:read");
        Caller allowed = new Caller("admin token", List.of("Authorization", "Bearer " + token));
        Caller anonymous = new Caller("anonymous", List.of());

        var suite = SuiteSummary.named("hostile-input hot-path");
        List<Runnable> cases = new ArrayList<>();
        List<Route> routes = hot.app.routes().routes();
        for (Route route : routes) {
            Map<String, String> variables = new LinkedHashMap<>();
            for (Param param : route.params()) {
                if (param.in() == Param.In.PATH) {
                    variables.put(param.name(), param.kind() == Param.Kind.UUID ? userId.toString() : "x");
                }
            }
            for (Caller caller : List.of(allowed, anonymous)) {
                cases.addAll(cases(suite, route, variables, caller));
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
                "hostile-input hot-path: %d routes, %d cases in %d ms%n",
                routes.size(), suite.cases(), (System.nanoTime() - started) / 1_000_000);
        Files.write(Path.of("target", "hostile-input-hot-path-failures.txt"), suite.failures());
        suite.finish();
    }

    private List<Runnable> cases(SuiteSummary suite, Route route, Map<String, String> variables, Caller caller) {
        List<Runnable> cases = new ArrayList<>();
        String method = route.method().name();
        String path = PATH_VARIABLE
                .matcher(route.path())
                .replaceAll(m -> Matcher.quoteReplacement(variables.get(m.group(1))));
        String prefix = method + " " + route.path() + " as " + caller.name() + ": ";
        BiConsumer<String, Function<Caller, Check>> add = (name, check) -> cases.add(() -> {
            Check c = check.apply(caller);
            judge(suite, prefix + name, c);
        });

        for (String other : List.of("BREW", "PROPFIND", "TRACE", "POST", "DELETE")) {
            add.accept(other, c -> Check.rejected(send(other, path, c, List.of(), null)));
        }

        for (String variable : variables.keySet()) {
            HostileHttp.pathSegments().forEach((name, segment) -> {
                String hostile = PATH_VARIABLE
                        .matcher(route.path())
                        .replaceAll(m -> Matcher.quoteReplacement(
                                m.group(1).equals(variable) ? segment : variables.get(m.group(1))));
                add.accept(
                        "{" + variable + "} = " + name, c -> Check.rejected(send(method, hostile, c, List.of(), null)));
            });
        }

        Map<String, byte[]> targets = new LinkedHashMap<>();
        targets.put("dot segments above the root", ascii(path + "/../../../../../../etc/passwd"));
        targets.put("semicolon traversal", ascii(path + "/..;/..;/hot/metrics"));
        targets.put("encoded dot segments", ascii(path + "/%2e%2e/%2e%2e/hot/metrics"));
        targets.put("encoded slashes", ascii(path + "%2F..%2F..%2Fhot%2Fmetrics"));
        targets.put("encoded backslashes", ascii(path + "%5C..%5C..%5Chot"));
        targets.put("encoded NUL in the path", ascii(path + "%00"));
        targets.put("raw NUL in the path", concat(ascii(path), new byte[] {0}));
        targets.put("raw invalid UTF-8 in the path", concat(ascii(path), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}));
        targets.forEach((name, target) ->
                add.accept(name, c -> Check.rejected(raw(method, target, c, List.of(), null))));
        add.accept(
                "raw invalid UTF-8 in the query",
                c -> Check.harmless(raw(
                        method,
                        concat(ascii(path + "?q=a"), new byte[] {(byte) 0xFF, (byte) 0xFE}),
                        c,
                        List.of(),
                        null)));

        Set<String> queryNames = new LinkedHashSet<>();
        List<String> headerNames = new ArrayList<>();
        for (Param param : route.params()) {
            if (param.in() == Param.In.QUERY) {
                queryNames.add(param.name());
            } else if (param.in() == Param.In.HEADER) {
                headerNames.add(param.name());
            }
        }
        queryNames.add("q");
        HostileHttp.queryValues().forEach((name, value) -> {
            String query = queryNames.stream().map(q -> q + "=" + value).collect(Collectors.joining("&"));
            add.accept("query " + name, c -> Check.harmless(send(method, path + "?" + query, c, List.of(), null)));
            add.accept(
                    "query name " + name,
                    c -> Check.harmless(send(method, path + "?" + value + "=1", c, List.of(), null)));
        });
        add.accept(
                "64 KiB query string",
                c -> Check.rejected(raw(method, ascii(path + "?q=" + "a".repeat(64 * 1024)), c, List.of(), null)));

        // Declared headers get every hostile value; any header gets overlong and invalid bytes.
        headerNames.add("X-Hostile");
        for (String header : headerNames) {
            HostileHttp.queryValues()
                    .forEach((name, value) -> add.accept(
                            "header " + header + " " + name,
                            c -> Check.harmless(
                                    raw(method, ascii(path), c, List.of(ascii(header + ": " + value)), null))));
            add.accept(
                    "header " + header + " with NUL",
                    c -> Check.harmless(raw(
                            method,
                            ascii(path),
                            c,
                            List.of(concat(ascii(header + ": 1"), new byte[] {0, '2'})),
                            null)));
            add.accept(
                    "header " + header + " with invalid UTF-8",
                    c -> Check.harmless(raw(
                            method,
                            ascii(path),
                            c,
                            List.of(concat(ascii(header + ": 1"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})),
                            null)));
        }
        add.accept(
                "64 KiB header",
                c -> Check.rejected(raw(
                        method, ascii(path), c, List.of(ascii("X-Hostile: " + "a".repeat(64 * 1024))), null)));

        // No route reads a body: JSON of any shape is ignored, one over the limit is refused.
        for (Body body : HostileHttp.jsonBodies(List.of())) {
            List<byte[]> type = List.of(ascii("Content-Type: " + body.contentType()));
            if (body.name().startsWith("oversized")) {
                add.accept(
                        "body: " + body.name(),
                        c -> new Check(true, 413, raw(method, ascii(path), c, type, body.bytes())));
            } else {
                add.accept(
                        "body: " + body.name(), c -> Check.harmless(raw(method, ascii(path), c, type, body.bytes())));
            }
        }
        return cases;
    }

    private static void judge(SuiteSummary suite, String name, Check check) {
        Answer answer = check.answer();
        String problem = problemWith(check);
        suite.check(
                name,
                problem == null,
                problem + " (" + answer.status() + " " + answer.contentType() + " " + HostileHttp.snippet(answer.body())
                        + ")");
    }

    private static String problemWith(Check check) {
        Answer answer = check.answer();
        int status = answer.status();
        String defect = HostileHttp.defect(status, answer.contentType(), answer.body(), check.expectedStatus());
        if (defect != null) {
            return defect;
        }
        if (check.mustReject() && status < 400) {
            return "accepted what it must refuse";
        }
        if (status >= 300 && status < 400 && status != 304) {
            return "redirected";
        }
        if (status >= 400 && !answer.contentType().equals("application/problem+json")) {
            return "an error that is not problem+json";
        }
        return null;
    }

    /** Through java.net.http when it accepts the target; as raw bytes otherwise. */
    private Answer send(String method, String target, Caller caller, List<byte[]> headers, byte[] body) {
        URI uri;
        try {
            uri = new URI("http://localhost:" + hot.app.port() + target);
        } catch (URISyntaxException e) {
            return raw(method, ascii(target), caller, headers, body);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < caller.headers().size(); i += 2) {
            request.header(caller.headers().get(i), caller.headers().get(i + 1));
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type =
                    mediaType(response.headers().firstValue("Content-Type").orElse(""));
            String text;
            try (InputStream in = response.body()) {
                // An event stream stays open: its status and type are the answer.
                text = type.equals("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(response.statusCode(), type, text);
        } catch (IOException e) {
            return new Answer(0, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer raw(String method, byte[] target, Caller caller, List<byte[]> headers, byte[] body) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < caller.headers().size(); i += 2) {
            lines.add(ascii(caller.headers().get(i) + ": " + caller.headers().get(i + 1)));
        }
        lines.addAll(headers);
        RawResponse response = HostileHttp.raw(hot.app.port(), method, target, lines, body);
        return new Answer(response.status(), response.mediaType(), response.body());
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
