package dev.useboth.hotpath.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.schema.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaGuardIT {

    @Test
    void acceptsTheCurrentSchema() throws Exception {
        try (HikariDataSource pool = pool(TestDatabase.migrated())) {
            assertThat(SchemaGuard.check(pool, SchemaGuard.requiredVersion())).isEqualTo(SchemaGuard.requiredVersion());
        }
    }

    @Test
    void theBuildIsStampedWithTheRootPomsSchemaVersion() {
        assertThat(SchemaGuard.requiredVersion()).isEqualTo(System.getProperty("schema.version"));
    }

    @Test
    void refusesAnOlderSchemaWithOneClearLine() throws Exception {
        TestDatabase older = TestDatabase.migratedTo("4");
        try (HikariDataSource pool = pool(older)) {
            assertThatThrownBy(() -> SchemaGuard.check(pool, "5"))
                    .isInstanceOf(SchemaGuard.OutdatedSchemaException.class)
                    .hasMessage("the database schema is at version 4 but this build needs 5:"
                            + " run the migrate job (shared-schema) first");
        }
    }

    @Test
    void refusesADatabaseWithoutTheReadContract() throws Exception {
        TestDatabase older = TestDatabase.migratedTo("3");
        try (HikariDataSource pool = pool(older)) {
            assertThatThrownBy(() -> SchemaGuard.check(pool, SchemaGuard.requiredVersion()))
                    .isInstanceOf(SchemaGuard.OutdatedSchemaException.class)
                    .hasMessageContaining("no read contract yet");
        }
    }

    @Test
    void comparesVersionsAsNumbers() {
        assertThat(SchemaGuard.compare("10", "9")).isPositive();
        assertThat(SchemaGuard.compare("4.1", "4")).isPositive();
        assertThat(SchemaGuard.compare("4", "4.0")).isZero();
        assertThat(SchemaGuard.compare("3", "20.1")).isNegative();
    }

    private static HikariDataSource pool(TestDatabase db) {
        return Database.pool(HotPathConfig.fromEnvironment(Map.of(
                "DATABASE_URL",
                db.jdbcUrl(),
                "HOT_DB_USER",
                TestDatabase.HOT_ROLE,
                "HOT_DB_PASSWORD",
                TestDatabase.HOT_PASSWORD,
                "HOT_DB_POOL_SIZE",
                "1")::get));
    }
}
