package dev.useboth.hotpath.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * The active plans, serialised once with their ETag and kept until {@code plans_changed} (or
 * the TTL) says otherwise: every request for them is then a memory copy.
 */
public final class PlanCatalog {

    /** The plans as sent: the JSON body and a strong ETag over it. */
    public record Snapshot(byte[] body, String etag) {}

    private static final String KEY = "active";

    private final PlanReads reads;
    private final ObjectMapper json;
    private final Cache<String, Snapshot> cache;
    private final BooleanSupplier cacheTrusted;

    public PlanCatalog(
            PlanReads reads, ObjectMapper json, Cache<String, Snapshot> cache, BooleanSupplier cacheTrusted) {
        this.reads = reads;
        this.json = json;
        this.cache = cache;
        this.cacheTrusted = cacheTrusted;
    }

    public static Cache<String, Snapshot> newCache(Duration ttl) {
        return Caffeine.newBuilder()
                .maximumSize(1)
                .expireAfterWrite(ttl)
                .recordStats()
                .build();
    }

    public Snapshot snapshot() throws SQLException {
        if (cache == null || !cacheTrusted.getAsBoolean()) {
            return load();
        }
        try {
            return cache.get(KEY, key -> {
                try {
                    return load();
                } catch (SQLException e) {
                    throw new UncheckedSql(e);
                }
            });
        } catch (UncheckedSql e) {
            throw (SQLException) e.getCause();
        }
    }

    public void invalidate() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    private Snapshot load() throws SQLException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(reads.activePlans());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plans could not be serialised", e);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Snapshot(body, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }
    }
}
