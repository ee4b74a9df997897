package dev.useboth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The architecture rule, checked on a real connection: core writes, hot path reads views. */
class RoleGrantsTest {

    static TestDatabase db;
    static UUID userId;

    @BeforeAll
    static void seed() throws SQLException {
        db = TestDatabase.migrated();
        userId = UUID.randomUUID();
        try (Connection c = db.connectAsCore();
                Statement s = c.createStatement()) {
            s.executeUpdate("insert into users (id, email, display_name, password_hash) values ('" + userId
                    + "', 'grants-" + userId + "@example.com', 'Grants', '{noop}x')");
            s.executeUpdate("insert into plans (code, name, price_minor, currency, billing_interval)"
                    + " values ('grants-" + userId.toString().substring(0, 8) + "', 'Grants', 100, 'EUR', 'month')");
        }
    }

    @Test
    void theHotRoleReadsTheReadContract() throws SQLException {
        try (Connection c = db.connectAsHot();
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("select * from read_api.plans").next()).isTrue();
            s.executeQuery("select * from read_api.user_entitlements where user_id = '" + userId + "'");
            s.executeQuery("select * from read_api.invoice_summaries where user_id = '" + userId + "'");
            assertThat(s.executeQuery("select version from read_api.schema_version")
                            .next())
                    .isTrue();
        }
    }

    /** Not only denied in practice (no USAGE on public), but never granted in the first place. */
    @Test
    void theHotRoleHoldsNoPrivilegeOutsideTheReadContract() throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Connection c = db.connectAsOwner();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select n.nspname || '.' || c.relname || ' ' || a.privilege_type"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace,"
                        + " aclexplode(c.relacl) a where a.grantee = '" + TestDatabase.HOT_ROLE + "'::regrole")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        assertThat(grants).isNotEmpty().allMatch(g -> g.startsWith("read_api.") && g.endsWith(" SELECT"));
        try (Connection c = db.connectAsOwner();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select has_schema_privilege('" + TestDatabase.HOT_ROLE
                        + "', 'public', 'USAGE'), has_schema_privilege('" + TestDatabase.HOT_ROLE
                        + "', 'read_api', 'CREATE')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("USAGE on schema public").isFalse();
            assertThat(rs.getBoolean(2)).as("CREATE on schema read_api").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "select * from public.users",
                "select * from public.plans",
                "select * from public.subscriptions",
                "select * from public.invoices",
                "select * from public.refresh_tokens",
                "select * from public.flyway_schema_history",
                "insert into read_api.plans (code) values ('x')",
                "update read_api.plans set name = 'x'",
                "delete from read_api.plans",
                "insert into public.users (email, display_name, password_hash) values ('a@b.c', 'x', 'x')",
                "update public.users set display_name = 'x'",
                "delete from public.users",
                "create table read_api.sneaky (id int)",
                "create table public.sneaky (id int)"
            })
    void theHotRoleCannotTouchAnythingElse(String sql) throws SQLException {
        try (Connection c = db.connectAsHot();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql))
                    .isInstanceOf(SQLException.class)
                    // 42501 insufficient_privilege; 25006 read_only_sql_transaction.
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("42501", "25006"));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "create table public.sneaky (id int)",
                "alter table public.users add column sneaky int",
                "drop table public.invoice_lines",
                "create view read_api.sneaky as select 1",
                "insert into public.flyway_schema_history (installed_rank, description, type, script, installed_by,"
                        + " execution_time, success) values (999, 'x', 'SQL', 'x', 'x', 0, true)"
            })
    void theCoreRoleHasNoDdlAndNoMigrationHistory(String sql) throws SQLException {
        try (Connection c = db.connectAsCore();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("42501"));
        }
    }

    @Test
    void theCoreRoleWritesItsTables() throws SQLException {
        try (Connection c = db.connectAsCore();
                Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update users set display_name = 'Renamed' where id = '" + userId + "'"))
                    .isEqualTo(1);
        }
    }
}
