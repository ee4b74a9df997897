package dev.useboth.hotpath.health;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness (the process answers) and readiness (the database answers, within a second). The
 * change listener's state is reported but does not decide readiness: without it the hot path
 * still serves correct data, only uncached.
 */
public final class HealthHandler {

    private final BooleanSupplier databaseUp;
    private final BooleanSupplier listening;

    public HealthHandler(BooleanSupplier databaseUp, BooleanSupplier listening) {
        this.databaseUp = databaseUp;
        this.listening = listening;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        String listener = listening.getAsBoolean() ? "UP" : "DOWN";
        if (databaseUp.getAsBoolean()) {
            ctx.json(Map.of("status", "UP", "database", "UP", "changeListener", listener));
        } else {
            ctx.status(503).json(Map.of("status", "DOWN", "database", "DOWN", "changeListener", listener));
        }
    }
}
