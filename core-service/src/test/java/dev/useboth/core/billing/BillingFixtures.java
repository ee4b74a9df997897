package dev.useboth.core.billing;

import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Users and plans for billing tests, written as the schema owner (billing does not own users). */
final class BillingFixtures {

    private static final AtomicInteger PLANS = new AtomicInteger();

    private BillingFixtures() {}

    static UUID newUser() {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement ps = c.prepareStatement(
                        "insert into users (email, display_name, password_hash) values (?, 'Billing Test', 'x')"
                                + " returning id")) {
            ps.setString(1, "billing-" + UUID.randomUUID() + "@example.test");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new active plan with a unique code ({@code prefix-N}) and the given features ("key=limit"). */
    static String newPlan(String prefix, long priceMinor, String interval, int trialDays, String... features) {
        String code = prefix + "-" + PLANS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        try (Connection c = TestDatabase.migrated().connectAsOwner()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into plans (code, name, price_minor, currency, billing_interval, trial_days)"
                            + " values (?, ?, ?, 'EUR', ?, ?) returning id")) {
                ps.setString(1, code);
                ps.setString(2, prefix.substring(0, 1).toUpperCase() + prefix.substring(1));
                ps.setLong(3, priceMinor);
                ps.setString(4, interval);
                ps.setInt(5, trialDays);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            for (String feature : features) {
                String[] kv = feature.split("=", 2);
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into plan_features (plan_id, feature_key, limit_value) values (?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, kv[0]);
                    ps.setObject(3, kv.length > 1 ? Long.valueOf(kv[1]) : null);
                    ps.executeUpdate();
                }
            }
            return code;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
