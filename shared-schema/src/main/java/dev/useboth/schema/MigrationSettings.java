package dev.useboth.schema;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the migrate job needs, read once from the environment and validated before any
 * connection is made.
 *
 * @param url JDBC URL of the database, e.g. {@code jdbc:postgresql://postgres:5432/app}
 * @param ownerUser the role that owns the schema and runs DDL (the only one that does)
 * @param ownerPassword its password
 * @param coreRole the core's role: DML on the tables, no DDL
 * @param corePassword its password
 * @param hotRole the hot path's role: SELECT on {@code read_api} views only
 * @param hotPassword its password
 */
public record MigrationSettings(
        String url,
        String ownerUser,
        String ownerPassword,
        String coreRole,
        String corePassword,
        String hotRole,
        String hotPassword) {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public MigrationSettings {
        require(url, "DATABASE_URL");
        require(ownerUser, "DATABASE_OWNER_USER");
        require(ownerPassword, "DATABASE_OWNER_PASSWORD");
        requireRole(coreRole, "CORE_DB_USER");
        requireRole(hotRole, "HOT_DB_USER");
        requirePassword(corePassword, "CORE_DB_PASSWORD");
        requirePassword(hotPassword, "HOT_DB_PASSWORD");
        if (coreRole.equals(hotRole)) {
            throw new IllegalArgumentException("CORE_DB_USER and HOT_DB_USER must be two different roles");
        }
    }

    /** Reads the settings from environment variables (see {@code .env.example}). */
    public static MigrationSettings fromEnvironment(Function<String, String> env) {
        return new MigrationSettings(
                env.apply("DATABASE_URL"),
                env.apply("DATABASE_OWNER_USER"),
                env.apply("DATABASE_OWNER_PASSWORD"),
                Objects.requireNonNullElse(env.apply("CORE_DB_USER"), "app_core"),
                env.apply("CORE_DB_PASSWORD"),
                Objects.requireNonNullElse(env.apply("HOT_DB_USER"), "app_hot"),
                env.apply("HOT_DB_PASSWORD"));
    }

    /** The Flyway placeholders that the migrations and the grants callback use. */
    public Map<String, String> placeholders() {
        return Map.of(
                "core_role", coreRole,
                "core_password", corePassword,
                "hot_role", hotRole,
                "hot_password", hotPassword);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
    }

    private static void requireRole(String value, String name) {
        require(value, name);
        if (!ROLE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a lower-case SQL identifier, got '" + value + "'");
        }
    }

    // The passwords end up inside a quoted SQL literal in the grants callback.
    private static void requirePassword(String value, String name) {
        require(value, name);
        if (value.length() < 12) {
            throw new IllegalArgumentException(name + " must be at least 12 characters long");
        }
        if (value.contains("'") || value.contains("\\") || value.contains("$")) {
            throw new IllegalArgumentException(name + " must not contain ', \\ or $");
        }
    }

    @Override
    public String toString() {
        return "MigrationSettings[url=" + url + ", ownerUser=" + ownerUser + ", coreRole=" + coreRole + ", hotRole="
                + hotRole + "]";
    }
}
