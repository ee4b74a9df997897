package dev.useboth.hotpath.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per request: an {@code X-Request-Id} (the caller's, if sane, or a new one) echoed and put in
 * the log context; afterwards one access-log line and one timer sample tagged with the route
 * template (never the raw path: ids would make a metric per user).
 */
public final class RequestLog {

    public static final String HEADER = "X-Request-Id";
    static final String ROUTE = RequestLog.class.getName() + ".route";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger access = LoggerFactory.getLogger("access");

    private final MeterRegistry registry;

    public RequestLog(MeterRegistry registry) {
        this.registry = registry;
    }

    public void before(Context ctx) {
        String id = ctx.header(HEADER);
        if (id == null || !SANE_ID.matcher(id).matches()) {
            // Unique enough to find a request in the logs, without SecureRandom on every request.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            id = HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
        }
        ctx.header(HEADER, id);
        MDC.put("requestId", id);
    }

    public void after(Context ctx, float millis) {
        try {
            int status = ctx.statusCode();
            String route = ctx.attribute(ROUTE);
            if (route == null) {
                route = status == 404 ? "NOT_FOUND" : "UNMATCHED";
            }
            Timer.builder("http.server.requests")
                    .description("HTTP requests, by route template")
                    .tag("method", ctx.method().name())
                    .tag("uri", route)
                    .tag("status", Integer.toString(status))
                    .tag("outcome", outcome(status))
                    .register(registry)
                    .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
            if (access.isInfoEnabled()) {
                access.info("{} {} {} {}ms", ctx.method().name(), ctx.path(), status, Math.round(millis * 10) / 10.0);
            }
        } finally {
            MDC.remove("requestId");
        }
    }

    static void route(Context ctx, String template) {
        ctx.attribute(ROUTE, template);
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
