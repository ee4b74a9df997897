package dev.useboth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.useboth.schema.testing.SuiteSummary;
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

/**
 * The architecture rule, checked on a real connection: core writes, hot path reads views. The
 * least-privilege suite ({@link #leastPrivilegeHoldsForEveryObjectInTheCatalogue}) enumerates
 * the catalogue, so a table, view, sequence or function added by a later migration is covered
 * without editing this class.
 */
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

    /** The privileges a table may carry (pg's has_table_privilege names). */
    static final List<String> TABLE_PRIVILEGES =
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

    /**
     * Prints {@code [suite] least-privilege schema: N cases, F failures}. Every statement is tried
     * in a transaction that is rolled back, and in read-write mode: the hot role's
     * {@code default_transaction_read_only} is a default it may switch off, so the privileges
     * alone must refuse.
     */
    @Test
    void leastPrivilegeHoldsForEveryObjectInTheCatalogue() throws SQLException {
        var suite = SuiteSummary.named("least-privilege schema");
        String owner;
        List<String> baseTables;
        try (Connection c = db.connectAsOwner()) {
            owner = single(
                    c,
                    "select tableowner from pg_tables where schemaname = 'public'"
                            + " and tablename = 'flyway_schema_history'");
            baseTables = strings(
                    c,
                    "select quote_ident(table_schema) || '.' || quote_ident(table_name)"
                            + " from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
                            + " order by 1");
        }
        suite.check("public has base tables to check", baseTables.size() >= 10, baseTables.toString());

        String hot = TestDatabase.HOT_ROLE;
        String core = TestDatabase.CORE_ROLE;
        try (Connection asOwner = db.connectAsOwner();
                Connection asHot = db.connectAsHot();
                Connection asCore = db.connectAsCore()) {
            for (String table : baseTables) {
                // The hot role: no privilege at all on any base table, and no statement gets through.
                for (String privilege : TABLE_PRIVILEGES) {
                    suite.check(
                            hot + " holds no " + privilege + " on " + table,
                            !has(asOwner, "has_table_privilege('" + hot + "', '" + table + "', '" + privilege + "')"),
                            "granted");
                }
                for (String sql : List.of(
                        "select * from " + table + " limit 1",
                        "insert into " + table + " default values",
                        "update " + table + " set ctid = ctid where false",
                        "delete from " + table + " where false",
                        "truncate " + table)) {
                    refused(suite, asHot, hot, sql);
                }
                // The core role: DML, never DDL.
                refused(suite, asCore, core, "alter table " + table + " add column sneaky int");
                refused(suite, asCore, core, "drop table " + table);
                refused(suite, asCore, core, "truncate " + table);
                refused(suite, asCore, core, "alter table " + table + " owner to " + core);
            }
            for (String sql : List.of(
                    "select * from public.flyway_schema_history",
                    "insert into public.flyway_schema_history (installed_rank, description, type, script,"
                            + " installed_by, execution_time, success) values (999, 'x', 'SQL', 'x', 'x', 0, true)",
                    "update public.flyway_schema_history set success = false",
                    "delete from public.flyway_schema_history")) {
                refused(suite, asCore, core, sql);
            }
            for (String privilege : TABLE_PRIVILEGES) {
                suite.check(
                        core + " holds no " + privilege + " on public.flyway_schema_history",
                        !has(
                                asOwner,
                                "has_table_privilege('" + core + "', 'public.flyway_schema_history', '" + privilege
                                        + "')"),
                        "granted");
            }
            for (var role : List.of(new Object[] {asHot, hot}, new Object[] {asCore, core})) {
                Connection c = (Connection) role[0];
                String name = (String) role[1];
                for (String sql : List.of(
                        "create table public.sneaky (id int)",
                        "create table read_api.sneaky (id int)",
                        "create view read_api.sneaky as select 1 as one",
                        "create view public.sneaky as select 1 as one",
                        "create sequence public.sneaky",
                        "create function public.sneaky() returns int language sql as 'select 1'",
                        "create function read_api.sneaky() returns int language sql as 'select 1'",
                        "create schema sneaky",
                        "create temporary table sneaky (id int)",
                        "create role sneaky",
                        "create database sneaky",
                        "alter view read_api.plans rename to sneaky",
                        "drop view read_api.plans")) {
                    refused(suite, c, name, sql);
                }
            }

            // Ownership: the migrate job owns every object of both schemas; the app roles own nothing.
            for (String object : strings(
                    asOwner,
                    "select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'"
                            + " when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table'"
                            + " else 'relation' end || ' ' || n.nspname || '.' || c.relname || ' owned by '"
                            + " || pg_get_userbyid(c.relowner) from pg_class c"
                            + " join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname in ('public', 'read_api') and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')"
                            + " union all select 'function ' || n.nspname || '.' || p.proname || ' owned by '"
                            + " || pg_get_userbyid(p.proowner) from pg_proc p"
                            + " join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'read_api')"
                            + " union all select 'schema read_api owned by ' || pg_get_userbyid(nspowner)"
                            + " from pg_namespace where nspname = 'read_api' order by 1")) {
                suite.check(
                        object.replaceFirst(" owned by .*", " owned by the migrate owner"),
                        object.endsWith(" owned by " + owner),
                        object);
            }
            for (String role : List.of(core, hot)) {
                suite.check(
                        role + " owns no object in the database",
                        strings(
                                        asOwner,
                                        "select 'relation ' || relname from pg_class where relowner = '" + role
                                                + "'::regrole union all select 'function ' || proname from pg_proc"
                                                + " where proowner = '" + role + "'::regrole union all select 'type '"
                                                + " || typname from pg_type where typowner = '" + role
                                                + "'::regrole union all select 'schema ' || nspname from pg_namespace"
                                                + " where nspowner = '" + role + "'::regrole")
                                .isEmpty(),
                        "owns something");
                for (String attribute :
                        List.of("rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls")) {
                    suite.check(
                            role + " is not " + attribute.substring(3),
                            !has(asOwner, attribute + " from pg_roles where rolname = '" + role + "'"),
                            attribute + " is set");
                }
                suite.check(
                        role + " is a member of no role",
                        strings(
                                        asOwner,
                                        "select roleid::regrole::text from pg_auth_members where member = '" + role
                                                + "'::regrole")
                                .isEmpty(),
                        "member of a role");
            }
        }
        suite.finish();
    }

    /** One case: the statement fails with insufficient_privilege (42501) and changes nothing. */
    private static void refused(SuiteSummary suite, Connection c, String role, String sql) throws SQLException {
        String state = attempt(c, sql);
        suite.check(role + " refused: " + sql, "42501".equals(state), state == null ? "it ran" : "SQLSTATE " + state);
    }

    /**
     * Runs {@code sql} in a read-write transaction that is always rolled back (CREATE DATABASE,
     * which refuses a transaction, on its own); the SQLSTATE, or null if it ran.
     */
    private static String attempt(Connection c, String sql) throws SQLException {
        if (sql.startsWith("create database")) {
            try (Statement s = c.createStatement()) {
                s.execute("set default_transaction_read_only = off");
                s.execute(sql);
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("reset default_transaction_read_only");
                }
            }
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("set transaction read write");
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static boolean has(Connection c, String expression) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + expression)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        List<String> values = strings(c, sql);
        assertThat(values).hasSize(1);
        return values.getFirst();
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
