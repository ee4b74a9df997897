package dev.useboth.core.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for tests over real HTTP: keeps cookies (by hand, since the session cookie is Secure
 * and java.net's CookieManager would not send it over http://localhost as browsers do), does not
 * follow redirects, and adds the CSRF token to every form it posts.
 */
public final class BrowserSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public BrowserSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in through GET /login and POST /login; fails unless it lands signed in. */
    public static BrowserSession signIn(String baseUrl, String email, String password) {
        BrowserSession session = new BrowserSession(baseUrl);
        HttpResponse<String> response = session.postForm("/login", Map.of("username", email, "password", password));
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("/login")) {
            throw new IllegalStateException(
                    "Sign-in of " + email + " failed: " + response.statusCode() + " " + location);
        }
        return session;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** POSTs a form with the session's current CSRF token (read from the login page). */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        Map<String, String> withCsrf = new LinkedHashMap<>(fields);
        withCsrf.putIfAbsent("_csrf", csrfToken());
        return postFormWithoutCsrf(path, withCsrf);
    }

    public HttpResponse<String> postFormWithoutCsrf(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A CSRF token valid for this session (it changes when signing in). */
    public String csrfToken() {
        HttpResponse<String> page = get("/login");
        Matcher matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on /login: " + page.statusCode());
        }
        return matcher.group(1);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (!cookies.isEmpty()) {
            builder.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            remember(response.headers());
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(HttpHeaders headers) {
        for (String header : headers.allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
