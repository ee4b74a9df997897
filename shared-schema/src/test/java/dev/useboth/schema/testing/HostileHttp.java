package dev.useboth.schema.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the hostile-input suites of both services send and how they judge an answer: the payload
 * catalogue (bodies, path segments, query values), the leak check (stack traces, SQL messages,
 * server banners), and a raw HTTP/1.1 client for the requests {@code java.net.http} refuses to
 * send (invalid bytes in the request line or in header values, unnormalised dot segments).
 */
public final class HostileHttp {

    /** 1 MiB: the services' default body limit; the oversized payloads are twice that. */
    public static final int BODY_LIMIT = 1024 * 1024;

    /** A string with the characters that break SQL built by concatenation. */
    public static final String SQL = "' OR 1=1--";
    /** Markup that would run if a page echoed it unescaped. */
    public static final String HTML = "<script>alert(1)</script>";

    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat (dev|org|java|jdk|com|io)\\.|\\bSQL\\b|PSQLException|syntax error at|relation \"|Whitelabel"
                    + "|Apache Tomcat|Jetty://|jetty\\.version|<title>HTTP Status|Caused by");

    private HostileHttp() {}

    /** A request body: its bytes, its media type, and whether any route reading it must refuse it (4xx). */
    public record Body(String name, byte[] bytes, String contentType, boolean mustReject) {
        static Body json(String name, String json, boolean mustReject) {
            return new Body(name, json.getBytes(StandardCharsets.UTF_8), "application/json", mustReject);
        }
    }

    /**
     * JSON bodies for a route whose body has these fields (an empty list: a body of unknown shape).
     * Every payload the JSON reader must refuse is marked {@code mustReject}; strings with NUL, SQL
     * or markup are well-formed JSON and may be accepted, but never with a 5xx.
     */
    public static List<Body> jsonBodies(List<String> fields) {
        List<String> names = fields.isEmpty() ? List.of("value") : fields;
        String first = names.getFirst();
        List<Body> bodies = new ArrayList<>();
        bodies.add(Body.json("truncated JSON", "{\"" + first + "\": \"abc", true));
        bodies.add(Body.json("malformed JSON", "{\"" + first + "\" 1,}", true));
        bodies.add(Body.json("single-quoted JSON", "{'" + first + "': 'x'}", true));
        bodies.add(Body.json("not JSON", "hello there", true));
        bodies.add(Body.json("empty body", "", true));
        bodies.add(Body.json("JSON null", "null", true));
        bodies.add(Body.json("array instead of object", "[1, 2, 3]", true));
        bodies.add(Body.json("string instead of object", "\"text\"", true));
        bodies.add(Body.json("arrays in every field", object(names, "[1, [2]]"), true));
        bodies.add(Body.json("objects in every field", object(names, "{\"nested\": {\"deeper\": true}}"), true));
        bodies.add(Body.json("1e400 in every field", object(names, "1e400"), true));
        bodies.add(Body.json("99999999999999999999999 in every field", object(names, "99999999999999999999999"), true));
        bodies.add(Body.json("5000-digit number", object(names, "9".repeat(5000)), true));
        bodies.add(Body.json("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), true));
        bodies.add(Body.json(
                "10,000 nested objects", ("{\"" + first + "\":").repeat(10_000) + "1" + "}".repeat(10_000), true));
        bodies.add(Body.json("escaped NUL in every field", object(names, "\"a\\u0000b\""), false));
        bodies.add(Body.json("lone surrogate in every field", object(names, "\"a\\ud800b\""), false));
        bodies.add(Body.json("SQL metacharacters in every field", object(names, "\"" + SQL + "\""), false));
        bodies.add(Body.json("HTML in every field", object(names, "\"" + HTML + "\""), false));
        bodies.add(new Body(
                "raw NUL byte in a string",
                bytes("{\"" + first + "\": \"a", new byte[] {0}, "b\"}"),
                "application/json",
                true));
        bodies.add(new Body(
                "invalid UTF-8 in a string",
                bytes("{\"" + first + "\": \"a", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "b\"}"),
                "application/json",
                true));
        bodies.add(new Body(
                "JSON as text/plain", object(names, "\"x\"").getBytes(StandardCharsets.UTF_8), "text/plain", true));
        bodies.add(oversized("application/json"));
        return bodies;
    }

    /** Form values (already percent-encoded) for every field of a form. */
    public static Map<String, String> formValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SQL metacharacters", encode(SQL));
        values.put("HTML", encode(HTML));
        values.put("NUL", "a%00b");
        values.put("invalid UTF-8", "a%C3%28%FFb");
        values.put("truncated percent escape", "a%E2%8");
        values.put("lone percent", "100%");
        values.put("1e400", "1e400");
        values.put("99999999999999999999999", "99999999999999999999999");
        values.put("negative huge", "-99999999999999999999999");
        values.put("path traversal", encode("../../../../etc/passwd"));
        values.put("10,000 characters", "a".repeat(10_000));
        return values;
    }

    /** Values for path variables, already percent-encoded as they go into the request target. */
    public static Map<String, String> pathSegments() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SQL metacharacters", encode(SQL));
        values.put("HTML", encode(HTML));
        values.put("encoded NUL", "a%00b");
        values.put("invalid UTF-8", "a%C3%28%FF");
        values.put("encoded traversal", "..%2F..%2F..%2Fetc%2Fpasswd");
        values.put("encoded dots", "%2e%2e%2f%2e%2e%2f");
        values.put("semicolon traversal", "..;");
        values.put("encoded backslash", "..%5C..%5C");
        values.put("99999999999999999999999", "99999999999999999999999");
        values.put("1e400", "1e400");
        values.put("5,000 characters", "a".repeat(5_000));
        return values;
    }

    /** Values for query parameters, already percent-encoded. */
    public static Map<String, String> queryValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SQL metacharacters", encode(SQL));
        values.put("HTML", encode(HTML));
        values.put("encoded NUL", "a%00b");
        values.put("invalid UTF-8", "a%C3%28%FF");
        values.put("truncated percent escape", "a%E2%8");
        values.put("99999999999999999999999", "99999999999999999999999");
        values.put("-99999999999999999999999", "-99999999999999999999999");
        values.put("1e400", "1e400");
        values.put("path traversal", encode("../../../../etc/passwd"));
        return values;
    }

    /** A body twice the limit, shaped as the content type says. */
    public static Body oversized(String contentType) {
        byte[] bytes;
        if (contentType.contains("json")) {
            bytes = ("{\"value\": \"" + "a".repeat(2 * BODY_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = ("value=" + "a".repeat(2 * BODY_LIMIT)).getBytes(StandardCharsets.UTF_8);
        }
        return new Body("oversized body (2 MiB)", bytes, contentType, true);
    }

    /**
     * What no answer to hostile input may be on either service, or null: no answer at all, a 5xx,
     * a body that leaks internals or echoes markup unescaped, or, when {@code expectedStatus} is
     * not 0, another status. Each suite adds its own rules (redirects, the error's media type).
     */
    public static String defect(int status, String contentType, String body, int expectedStatus) {
        if (status == 0) {
            return "no answer";
        }
        if (status >= 500) {
            return "server error";
        }
        String leak = leak(body);
        if (leak != null) {
            return leak;
        }
        if (contentType.equals("text/html") && body.contains(HTML)) {
            return "echoes markup unescaped";
        }
        if (expectedStatus != 0 && status != expectedStatus) {
            return "expected " + expectedStatus;
        }
        return null;
    }

    /** A body on one line, cut to 160 characters, for a failure message. */
    public static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
    }

    /** What in a response body should never reach a client, or null when nothing does. */
    public static String leak(String body) {
        if (body == null) {
            return null;
        }
        var matcher = LEAK.matcher(body);
        if (!matcher.find()) {
            return null;
        }
        String around = body.substring(Math.max(0, matcher.start() - 60), Math.min(body.length(), matcher.end() + 60));
        return "leaks '" + matcher.group() + "' in: " + around.replaceAll("\\s+", " ");
    }

    public static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String object(List<String> fields, String rawValue) {
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append('"').append(field).append("\": ").append(rawValue);
        }
        return json.append('}').toString();
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A response read off a raw socket. {@code status} is 0 when the server closed without answering. */
    public record RawResponse(int status, Map<String, String> headers, String body) {

        /** The media type without parameters, lower case, or "" when there is none. */
        public String mediaType() {
            String type = headers.getOrDefault("content-type", "");
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Sends one request over a fresh connection, exactly as given: {@code target} may hold any
     * bytes (NUL, invalid UTF-8, dot segments), so may the header lines. Reads until the server
     * closes ({@code Connection: close}), decoding a chunked body.
     */
    public static RawResponse raw(int port, String method, byte[] target, List<byte[]> headerLines, byte[] body) {
        return raw(port, method, target, headerLines, body, false);
    }

    /** The same with the body sent in 64 KiB chunks ({@code Transfer-Encoding: chunked}): no length up front. */
    public static RawResponse rawChunked(
            int port, String method, byte[] target, List<byte[]> headerLines, byte[] body) {
        return raw(port, method, target, headerLines, body, true);
    }

    private static RawResponse raw(
            int port, String method, byte[] target, List<byte[]> headerLines, byte[] body, boolean chunked) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(target);
            request.writeBytes(
                    " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
            for (byte[] line : headerLines) {
                request.writeBytes(line);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (body != null) {
                request.writeBytes(
                        (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (body != null && chunked) {
                for (int at = 0; at < body.length; at += 65536) {
                    int size = Math.min(65536, body.length - at);
                    request.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    request.write(body, at, size);
                    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body != null) {
                request.writeBytes(body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading everything (an overlong header): read the answer.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("raw request " + method + " failed: " + e, e);
        }
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes; only the head of an event stream, which stays open. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                String head = all.toString(StandardCharsets.ISO_8859_1);
                int end = head.indexOf("\r\n\r\n");
                if (end > 0 && head.substring(0, end).toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                    break;
                }
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer was sent: keep what arrived.
        }
        return all.toByteArray();
    }

    private static RawResponse parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new RawResponse(0, Map.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        byte[] rawBody = java.util.Arrays.copyOfRange(response, end + 4, response.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rawBody = dechunk(rawBody);
        }
        return new RawResponse(status, headers, new String(rawBody, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            body.write(chunked, start, Math.min(size, chunked.length - start));
            at = start + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
