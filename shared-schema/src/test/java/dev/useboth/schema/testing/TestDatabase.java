package dev.useboth.schema.testing;

import dev.useboth.schema.MigrationSettings;
import dev.useboth.schema.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL test fixture of the repository, shipped to the other modules as
 * shared-schema's test-jar. One container per test JVM (started on first use, stopped at
 * exit: Ryuk may be off), migrated by the same code as the migrate job, with the same two
 * roles as production.
 */
public final class TestDatabase {

    public static final String IMAGE = "postgres:17";
    public static final String CORE_ROLE = "app_core";
    public static final String HOT_ROLE = "app_hot";
    public static final String CORE_PASSWORD = "core-test-password";
    public static final String HOT_PASSWORD = "hot-test-password";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile PostgreSQLContainer container;

    private final String url;
    private final String database;

    private TestDatabase(String url, String database) {
        this.url = url;
        this.database = database;
    }

    /** The shared, fully migrated database. */
    public static TestDatabase migrated() {
        return Shared.INSTANCE;
    }

    /** A fresh, empty database in the shared container (for migration tests). */
    public static TestDatabase empty() {
        PostgreSQLContainer pg = container();
        String name = "db_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        String url = pg.getJdbcUrl().replace("/" + pg.getDatabaseName(), "/" + name);
        return new TestDatabase(url, name);
    }

    /** A fresh database migrated up to {@code version} only (e.g. an older schema). */
    public static TestDatabase migratedTo(String version) {
        TestDatabase db = empty();
        Flyway.configure(TestDatabase.class.getClassLoader())
                .configuration(Migrations.flyway(db.settings()).getConfiguration())
                .target(MigrationVersion.fromVersion(version))
                .load()
                .migrate();
        return db;
    }

    public TestDatabase migrate() {
        Migrations.migrate(settings());
        return this;
    }

    public MigrationSettings settings() {
        PostgreSQLContainer pg = container();
        return new MigrationSettings(
                url, pg.getUsername(), pg.getPassword(), CORE_ROLE, CORE_PASSWORD, HOT_ROLE, HOT_PASSWORD);
    }

    public String jdbcUrl() {
        return url;
    }

    public String databaseName() {
        return database;
    }

    public Connection connectAsOwner() throws SQLException {
        PostgreSQLContainer pg = container();
        return DriverManager.getConnection(url, pg.getUsername(), pg.getPassword());
    }

    public Connection connectAsCore() throws SQLException {
        return DriverManager.getConnection(url, CORE_ROLE, CORE_PASSWORD);
    }

    public Connection connectAsHot() throws SQLException {
        return DriverManager.getConnection(url, HOT_ROLE, HOT_PASSWORD);
    }

    private static PostgreSQLContainer container() {
        PostgreSQLContainer pg = container;
        if (pg == null) {
            synchronized (TestDatabase.class) {
                if (container == null) {
                    PostgreSQLContainer started =
                            new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c", "max_connections=200");
                    started.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-test-postgres"));
                    container = started;
                }
                pg = container;
            }
        }
        return pg;
    }

    private static final class Shared {
        static final TestDatabase INSTANCE = empty().migrate();
    }
}
