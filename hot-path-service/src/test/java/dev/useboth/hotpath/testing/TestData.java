package dev.useboth.hotpath.testing;

import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows the core would write, written here as the core's role (app_core) on its own connection:
 * the hot path sees them only through the read_api views and the NOTIFY triggers.
 */
public final class TestData {

    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private TestData() {}

    public static Connection core() throws SQLException {
        return TestDatabase.migrated().connectAsCore();
    }

    public static UUID user() throws SQLException {
        try (Connection c = core();
                PreparedStatement ps = c.prepareStatement(
                        "insert into users (email, display_name, password_hash) values (?, 'Test User', 'x')"
                                + " returning id")) {
            ps.setString(1, "u-" + UUID.randomUUID() + "@example.test");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** A plan with the given features ({@code key=limit}, limit may be {@code null}). */
    public static String plan(String code, long priceMinor, Object... features) throws SQLException {
        try (Connection c = core()) {
            try (PreparedStatement ps =
                    c.prepareStatement("insert into plans (code, name, price_minor, currency, billing_interval)"
                            + " values (?, ?, ?, 'EUR', 'month') on conflict (code) do nothing")) {
                ps.setString(1, code);
                ps.setString(2, "Plan " + code);
                ps.setLong(3, priceMinor);
                ps.executeUpdate();
            }
            for (int i = 0; i < features.length; i += 2) {
                try (PreparedStatement ps =
                        c.prepareStatement("insert into plan_features (plan_id, feature_key, limit_value)"
                                + " select id, ?, ? from plans where code = ? on conflict do nothing")) {
                    ps.setString(1, (String) features[i]);
                    ps.setObject(2, features[i + 1]);
                    ps.setString(3, code);
                    ps.executeUpdate();
                }
            }
        }
        return code;
    }

    public static UUID subscribe(UUID userId, String planCode) throws SQLException {
        try (Connection c = core();
                PreparedStatement ps = c.prepareStatement(
                        "insert into subscriptions (user_id, plan_id, status, current_period_start, current_period_end)"
                                + " select ?, id, 'active', now(), now() + interval '30 days' from plans where code = ?"
                                + " returning id")) {
            ps.setObject(1, userId);
            ps.setString(2, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    public static void changePlan(UUID subscriptionId, String planCode) throws SQLException {
        try (Connection c = core();
                PreparedStatement ps = c.prepareStatement("update subscriptions set plan_id ="
                        + " (select id from plans where code = ?), version = version + 1 where id = ?")) {
            ps.setString(1, planCode);
            ps.setObject(2, subscriptionId);
            ps.executeUpdate();
        }
    }

    /** An issued (open) invoice created at the given time, with one line (the subtotal must add up). */
    public static UUID invoice(UUID userId, OffsetDateTime createdAt, long totalMinor) throws SQLException {
        try (Connection c = core()) {
            c.setAutoCommit(false);
            UUID id;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into invoices (number, user_id, billing_reason, status, currency, subtotal_minor,"
                            + " total_minor, issued_at, created_at) values (?, ?, 'manual', 'open', 'EUR', ?, ?, ?, ?)"
                            + " returning id")) {
                ps.setString(1, "T-" + NUMBERS.incrementAndGet());
                ps.setObject(2, userId);
                ps.setLong(3, totalMinor);
                ps.setLong(4, totalMinor);
                ps.setObject(5, createdAt);
                ps.setObject(6, createdAt);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into invoice_lines (invoice_id, description, quantity, unit_amount_minor, amount_minor)"
                            + " values (?, 'Test line', 1, ?, ?)")) {
                ps.setObject(1, id);
                ps.setLong(2, totalMinor);
                ps.setLong(3, totalMinor);
                ps.executeUpdate();
            }
            c.commit();
            return id;
        }
    }

    public static OffsetDateTime at(String iso) {
        return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
