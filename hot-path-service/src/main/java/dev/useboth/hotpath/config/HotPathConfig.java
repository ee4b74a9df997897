package dev.useboth.hotpath.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
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
 * @param connectionTimeout longest a request waits for a pooled connection (the database is down or
 *     every connection is busy): then it is answered 503
 * @param socketTimeout longest the driver waits for the database to say anything (whole seconds):
 *     the backstop for a network or a database that went silent, longer than the statement timeout
 * @param shutdownTimeout how long a stop waits for requests in flight
 * @param jwksUrl the core's JSON Web Key Set, fetched lazily and cached
 * @param jwtIssuer the only accepted {@code iss}
 * @param jwtAudience the audience every token must name in {@code aud}
 * @param cacheEnabled whether reads are cached (off only to measure the database path)
 * @param tokenCacheEnabled whether a verified token is remembered, so its signature is checked once
 * @param cacheTtl safety net: the longest a cached read lives even if a change event was lost
 * @param cacheMaxEntries how many users' entitlements (and verified tokens) are kept
 * @param sseHeartbeat interval of the comment lines that keep idle event streams open
 * @param sseMaxConnectionsPerUser concurrent event streams one user may hold
 */
public record HotPathConfig(
        int port,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int poolSize,
        Duration statementTimeout,
        Duration connectionTimeout,
        Duration socketTimeout,
        Duration shutdownTimeout,
        URL jwksUrl,
        String jwtIssuer,
        String jwtAudience,
        boolean cacheEnabled,
        boolean tokenCacheEnabled,
        Duration cacheTtl,
        int cacheMaxEntries,
        Duration sseHeartbeat,
        int sseMaxConnectionsPerUser) {

    public HotPathConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HOT_PORT must be between 0 and 65535, got " + port);
        }
        if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must be a jdbc:postgresql: URL, got '" + databaseUrl + "'");
        }
        if (databasePassword == null || databasePassword.isBlank()) {
            throw new IllegalArgumentException("HOT_DB_PASSWORD is not set");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("HOT_DB_POOL_SIZE must be at least 1, got " + poolSize);
        }
        positive("HOT_DB_STATEMENT_TIMEOUT_MS", statementTimeout);
        // HikariCP's own floor is 250 ms; below a second a busy but healthy pool would answer 503s.
        if (connectionTimeout == null || connectionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "HOT_DB_CONNECTION_TIMEOUT_MS must be at least 1000, got " + millis(connectionTimeout));
        }
        // Shorter than the statement timeout, the driver would drop the connection of a query that
        // PostgreSQL was about to cancel cleanly.
        if (socketTimeout == null || socketTimeout.compareTo(statementTimeout) <= 0) {
            throw new IllegalArgumentException("HOT_DB_SOCKET_TIMEOUT_SECONDS must be longer than"
                    + " HOT_DB_STATEMENT_TIMEOUT_MS (" + statementTimeout.toMillis() + " ms), got " + socketTimeout);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("HOT_SHUTDOWN_TIMEOUT_MS must not be negative");
        }
        if (jwtIssuer == null || jwtIssuer.isBlank() || jwtAudience == null || jwtAudience.isBlank()) {
            throw new IllegalArgumentException("HOT_JWT_ISSUER and HOT_JWT_AUDIENCE must not be blank");
        }
        positive("HOT_CACHE_TTL_SECONDS", cacheTtl);
        if (cacheMaxEntries < 1) {
            throw new IllegalArgumentException("HOT_CACHE_MAX_ENTRIES must be at least 1, got " + cacheMaxEntries);
        }
        positive("HOT_SSE_HEARTBEAT_MS", sseHeartbeat);
        if (sseMaxConnectionsPerUser < 1) {
            throw new IllegalArgumentException(
                    "HOT_SSE_MAX_CONNECTIONS_PER_USER must be at least 1, got " + sseMaxConnectionsPerUser);
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
                Duration.ofMillis(e.integer("HOT_DB_CONNECTION_TIMEOUT_MS", 3000)),
                Duration.ofSeconds(e.integer("HOT_DB_SOCKET_TIMEOUT_SECONDS", 5)),
                Duration.ofMillis(e.integer("HOT_SHUTDOWN_TIMEOUT_MS", 10000)),
                e.url("HOT_JWKS_URL", "http://core:8081/.well-known/jwks.json"),
                e.string("HOT_JWT_ISSUER", "use-both-core"),
                e.string("HOT_JWT_AUDIENCE", "use-both"),
                e.bool("HOT_CACHE_ENABLED", true),
                e.bool("HOT_TOKEN_CACHE_ENABLED", true),
                Duration.ofSeconds(e.integer("HOT_CACHE_TTL_SECONDS", 300)),
                e.integer("HOT_CACHE_MAX_ENTRIES", 100_000),
                Duration.ofMillis(e.integer("HOT_SSE_HEARTBEAT_MS", 15_000)),
                e.integer("HOT_SSE_MAX_CONNECTIONS_PER_USER", 5));
    }

    private static Object millis(Duration value) {
        return value == null ? null : value.toMillis();
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "HotPathConfig[port=" + port + ", databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser
                + ", poolSize=" + poolSize + ", jwksUrl=" + jwksUrl + ", cacheEnabled=" + cacheEnabled
                + ", tokenCacheEnabled=" + tokenCacheEnabled + "]";
    }

    private record Env(Function<String, String> env) {
        String string(String name, String fallback) {
            String value = env.apply(name);
            return value == null || value.isBlank() ? fallback : value.strip();
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

        boolean bool(String name, boolean fallback) {
            String value = string(name, Boolean.toString(fallback));
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
            };
        }

        URL url(String name, String fallback) {
            String value = string(name, fallback);
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new URISyntaxException(value, "not http(s)");
                }
                return uri.toURL();
            } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be an http(s) URL, got '" + value + "'");
            }
        }
    }
}
