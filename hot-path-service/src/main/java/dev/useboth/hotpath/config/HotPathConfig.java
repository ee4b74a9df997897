package dev.useboth.hotpath.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * The hot path's whole configuration, read once from the environment and validated before
 * anything starts. Defaults match docker-compose.yml, except the password: it has none.
 *
 * @param port HTTP port
 * @param databaseUrl JDBC URL of the shared database
 * @param databaseUser the hot path's read-only role
 * @param databasePassword its password
 * @param poolSize fixed size of the connection pool
 * @param statementTimeout longest a query may run before PostgreSQL cancels it
 * @param shutdownTimeout how long a stop waits for requests in flight
 */
public record HotPathConfig(
        int port,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int poolSize,
        Duration statementTimeout,
        Duration shutdownTimeout) {

    public HotPathConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HOT_PORT must be between 0 and 65535, got " + port);
        }
        if (databasePassword == null || databasePassword.isBlank()) {
            throw new IllegalArgumentException("HOT_DB_PASSWORD is not set");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("HOT_DB_POOL_SIZE must be at least 1, got " + poolSize);
        }
    }

    public static HotPathConfig fromEnvironment(Function<String, String> env) {
        Env e = new Env(env);
        return new HotPathConfig(
                e.integer("HOT_PORT", 8082),
                e.string("DATABASE_URL", "jdbc:postgresql://localhost:5432/app"),
                e.string("HOT_DB_USER", "app_hot"),
                env.apply("HOT_DB_PASSWORD"),
                e.integer("HOT_DB_POOL_SIZE", 16),
                Duration.ofMillis(e.integer("HOT_DB_STATEMENT_TIMEOUT_MS", 2000)),
                Duration.ofMillis(e.integer("HOT_SHUTDOWN_TIMEOUT_MS", 10000)));
    }

    @Override
    public String toString() {
        return "HotPathConfig[port=" + port + ", databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser
                + ", poolSize=" + poolSize + "]";
    }

    private record Env(Function<String, String> env) {
        String string(String name, String fallback) {
            String value = env.apply(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        int integer(String name, int fallback) {
            String value = env.apply(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
            }
        }
    }
}
