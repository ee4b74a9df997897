package dev.useboth.hotpath.entitlements;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Entitlements with a cache in front: entries are dropped by the core's change events (within
 * milliseconds of its commit) and expire after a TTL in case an event was lost. While the change
 * listener is not connected the cache is bypassed, since nothing would tell it about changes.
 */
public final class Entitlements {

    private final EntitlementReads reads;
    private final Cache<UUID, EntitlementsResponse> cache;
    private final BooleanSupplier cacheTrusted;

    public Entitlements(EntitlementReads reads, Cache<UUID, EntitlementsResponse> cache, BooleanSupplier cacheTrusted) {
        this.reads = reads;
        this.cache = cache;
        this.cacheTrusted = cacheTrusted;
    }

    public static Cache<UUID, EntitlementsResponse> newCache(int maxEntries, Duration ttl) {
        return Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .recordStats()
                .build();
    }

    public EntitlementsResponse forUser(UUID userId) throws SQLException {
        if (cache == null || !cacheTrusted.getAsBoolean()) {
            return reads.forUser(userId);
        }
        try {
            return cache.get(userId, id -> {
                try {
                    return reads.forUser(id);
                } catch (SQLException e) {
                    throw new UncheckedSql(e);
                }
            });
        } catch (UncheckedSql e) {
            throw e.getCause();
        }
    }

    /** Reads past the cache and refreshes it: for change events, which must carry the new state. */
    public EntitlementsResponse fresh(UUID userId) throws SQLException {
        EntitlementsResponse response = reads.forUser(userId);
        if (cache != null && cacheTrusted.getAsBoolean()) {
            cache.put(userId, response);
        }
        return response;
    }

    public void invalidate(UUID userId) {
        if (cache != null) {
            cache.invalidate(userId);
        }
    }

    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
