package dev.useboth.hotpath.events;

import dev.useboth.hotpath.auth.Authenticator;
import dev.useboth.hotpath.web.Param;
import dev.useboth.hotpath.web.ProblemException;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.util.UUID;

/**
 * {@code GET /hot/v1/me/events}: the caller's entitlement and invoice changes as Server-Sent
 * Events, within a second of the core's commit. Resumes after {@code Last-Event-ID}.
 */
public final class EventsHandler {

    public static final Param LAST_EVENT_ID =
            Param.headerInteger("Last-Event-ID", "Resume after this event id.", 0, Long.MAX_VALUE);

    private final EventHub hub;

    public EventsHandler(EventHub hub) {
        this.hub = hub;
    }

    public void stream(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin's SseHandler streams only to clients that ask for it, as EventSource does.
            throw new ProblemException(
                    406, "Not Acceptable", "This resource is a text/event-stream: send Accept: text/event-stream.");
        }
        UUID userId = Authenticator.caller(ctx).userId();
        String last = ctx.header(LAST_EVENT_ID.name());
        Long lastEventId = last == null || last.isEmpty() ? null : Long.parseLong(last);
        if (!hub.reserve(userId)) {
            throw new ProblemException(
                            429, "Too Many Requests", "Too many open event streams for this user; close one first.")
                    .withHeader("Retry-After", "10");
        }
        boolean attached = false;
        try {
            ctx.header("Cache-Control", "no-store");
            // Tells nginx-style proxies not to buffer the stream (the gateway also turns it off).
            ctx.header("X-Accel-Buffering", "no");
            new SseHandler(0, client -> hub.attach(userId, client, lastEventId)).handle(ctx);
            attached = true;
        } finally {
            if (!attached) {
                hub.release(userId);
            }
        }
    }
}
