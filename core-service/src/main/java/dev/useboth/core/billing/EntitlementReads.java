package dev.useboth.core.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The core's read of a user's entitlements: the same view the hot path serves
 * ({@code read_api.user_entitlements}), through Spring's {@link JdbcClient}. Kept on purpose,
 * as the idiomatic Spring baseline the hot path is benchmarked against.
 */
@Component
class EntitlementReads {

    private final JdbcClient jdbc;

    EntitlementReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(String key, Long limit, String plan, String status, Instant validUntil) {}

    EntitlementsResponse forUser(UUID userId) {
        List<Row> rows = jdbc.sql("select feature_key, limit_value, plan_code, subscription_status, valid_until"
                        + " from read_api.user_entitlements where user_id = :userId order by feature_key")
                .param("userId", userId)
                .query(EntitlementReads::row)
                .list();
        if (rows.isEmpty()) {
            return new EntitlementsResponse(userId, null, null, null, List.of());
        }
        Row first = rows.getFirst();
        return new EntitlementsResponse(
                userId,
                first.plan(),
                first.status(),
                first.validUntil(),
                rows.stream()
                        .map(r -> new EntitlementsResponse.Feature(r.key(), r.limit()))
                        .toList());
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        long limit = rs.getLong(2);
        Long limitValue = rs.wasNull() ? null : limit;
        OffsetDateTime validUntil = rs.getObject(5, OffsetDateTime.class);
        return new Row(
                rs.getString(1),
                limitValue,
                rs.getString(3),
                rs.getString(4),
                validUntil == null ? null : validUntil.toInstant());
    }
}
