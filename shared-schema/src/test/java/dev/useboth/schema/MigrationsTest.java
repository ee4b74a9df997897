package dev.useboth.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void applyToAnEmptyDatabaseAndThenAgainAsANoOp() throws Exception {
        TestDatabase db = TestDatabase.empty();

        MigrateResult first = Migrations.migrate(db.settings());
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(4);
        assertThat(first.initialSchemaVersion).isNull();

        MigrateResult second = Migrations.migrate(db.settings());
        assertThat(second.success).isTrue();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(second.initialSchemaVersion).isEqualTo(first.targetSchemaVersion);

        try (Connection c = db.connectAsOwner();
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from information_schema.tables where table_schema = 'public'"
                                + " and table_name in ('users', 'plans', 'subscriptions', 'invoices')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void theReadContractReportsTheSchemaVersion() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        String latest =
                Migrations.flyway(db.settings()).info().current().getVersion().getVersion();
        try (Connection c = db.connectAsHot();
                ResultSet rs = c.createStatement().executeQuery("select version from read_api.schema_version")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(latest);
        }
    }

    @Test
    void theBuildsSchemaVersionIsTheLatestMigration() {
        // The root POM's schema.version is stamped into the hot path, which refuses to start on an
        // older database: raise it with every new migration.
        String latest = Arrays.stream(Migrations.flyway(TestDatabase.migrated().settings())
                        .info()
                        .all())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElseThrow()
                .getVersion();
        assertThat(System.getProperty("schema.version"))
                .as("schema.version in the root pom.xml")
                .isEqualTo(latest);
    }
}
