package dev.useboth.hotpath.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Refuses to serve from a database older than the migrations this build was made with: the
 * views it reads might not exist yet, or mean something else. Reads the version through the
 * read contract ({@code read_api.schema_version}), as the hot role cannot see
 * {@code flyway_schema_history} itself.
 */
public final class SchemaGuard {

    /** Written by the build (resource filtering), next to the hot path's classes. */
    private static final String BUILD_PROPERTIES = "/dev/useboth/hotpath/build.properties";

    private SchemaGuard() {}

    /** The schema version stamped into this build (the root POM's {@code schema.version}). */
    public static String requiredVersion() {
        try (InputStream in = SchemaGuard.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the hot path's jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("schema.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the database's version, or throws {@link OutdatedSchemaException}. */
    public static String check(DataSource dataSource, String required) throws SQLException {
        String actual;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version from read_api.schema_version")) {
            actual = rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                throw new OutdatedSchemaException("the database has no read contract yet (read_api.schema_version):"
                        + " run the migrate job (shared-schema) first");
            }
            throw e;
        }
        if (actual == null || compare(actual, required) < 0) {
            throw new OutdatedSchemaException("the database schema is at version " + actual + " but this build needs "
                    + required + ": run the migrate job (shared-schema) first");
        }
        return actual;
    }

    /** Compares Flyway versions such as {@code 4}, {@code 10.1} part by part, as numbers. */
    static int compare(String left, String right) {
        long[] a = parts(left);
        long[] b = parts(right);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    private static long[] parts(String version) {
        return Arrays.stream(version.split("[._]")).mapToLong(Long::parseLong).toArray();
    }

    /** The database is older than this build: a deployment-order problem, not a bug. */
    public static final class OutdatedSchemaException extends IllegalStateException {
        public OutdatedSchemaException(String message) {
            super(message);
        }
    }
}
