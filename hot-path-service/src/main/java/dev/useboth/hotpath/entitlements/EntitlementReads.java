package dev.useboth.hotpath.entitlements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain JDBC on {@code read_api.user_entitlements}: one indexed query per user. */
public final class EntitlementReads {

    /** Also what the benchmark's pgbench ceiling runs (bench/entitlements.sql). */
    public static final String SQL = "select feature_key, limit_value, plan_code, subscription_status, valid_until"
            + " from read_api.user_entitlements where user_id = ? order by feature_key";

    private final DataSource dataSource;

    public EntitlementReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public EntitlementsResponse forUser(UUID userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                String plan = null;
                String status = null;
                OffsetDateTime validUntil = null;
                List<EntitlementsResponse.Feature> features = new ArrayList<>();
                while (rs.next()) {
                    String key = rs.getString(1);
                    long limit = rs.getLong(2);
                    features.add(new EntitlementsResponse.Feature(key, rs.wasNull() ? null : limit));
                    plan = rs.getString(3);
                    status = rs.getString(4);
                    validUntil = rs.getObject(5, OffsetDateTime.class);
                }
                return new EntitlementsResponse(
                        userId,
                        plan,
                        status,
                        validUntil == null ? null : validUntil.toInstant(),
                        List.copyOf(features));
            }
        }
    }
}
