package dev.useboth.hotpath.health;

import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Liveness (the process answers) and readiness (the database answers, within a second). */
public final class HealthHandler {

    private final DataSource dataSource;

    public HealthHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(1)) {
                ctx.json(Map.of("status", "UP"));
                return;
            }
        } catch (SQLException e) {
            // Reported below; the reason stays in the log, not in the response.
            org.slf4j.LoggerFactory.getLogger(HealthHandler.class)
                    .warn("readiness: database unavailable: {}", e.getMessage());
        }
        ctx.status(503).json(Map.of("status", "DOWN"));
    }
}
