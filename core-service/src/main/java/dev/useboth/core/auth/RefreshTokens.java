package dev.useboth.core.auth;

import dev.useboth.core.common.AuthProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refresh tokens: opaque, stored as their SHA-256, valid 30 days, rotated on every use. Each
 * sign-in starts a family; a refresh marks the presented token rotated and issues the next one
 * in the family. Presenting a token that was already rotated means it was copied: the whole
 * family is revoked, so that neither the thief nor the owner can go on with it.
 */
@Component
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    private final JdbcClient jdbc;
    private final AuthProperties properties;
    private final Clock clock;

    RefreshTokens(JdbcClient jdbc, AuthProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** A rotated token: who it belongs to and the next one. */
    record Rotation(UUID userId, String token) {}

    /** Starts a new family for a fresh sign-in. */
    @Transactional
    String issue(UUID userId) {
        return insert(userId, UUID.randomUUID());
    }

    /**
     * Exchanges a token for the next one of its family, or nothing if it is unknown, expired or
     * revoked. A token that was already rotated revokes its family (and answers nothing).
     */
    @Transactional
    Optional<Rotation> rotate(String token) {
        String hash = SecretTokens.hash(token);
        Timestamp now = Timestamp.from(clock.instant());
        // One statement: two concurrent refreshes with the same token cannot both win.
        Optional<Current> current = jdbc.sql("""
                        update refresh_tokens set rotated_at = :now
                        where token_hash = :hash and rotated_at is null and revoked_at is null and expires_at > :now
                        returning user_id, family_id
                        """)
                .param("now", now)
                .param("hash", hash)
                .query(Current.class)
                .optional();
        if (current.isPresent()) {
            Current c = current.get();
            return Optional.of(new Rotation(c.userId(), insert(c.userId(), c.familyId())));
        }
        jdbc.sql("""
                        select user_id, family_id from refresh_tokens
                        where token_hash = :hash and rotated_at is not null
                        """).param("hash", hash).query(Current.class).optional().ifPresent(reused -> {
            int revoked = revokeFamily(reused.familyId());
            log.warn(
                    "Refresh token reused for user {}: revoked its family {} ({} tokens)",
                    reused.userId(),
                    reused.familyId(),
                    revoked);
        });
        return Optional.empty();
    }

    /** Revokes the family of a token (sign-out); unknown tokens are ignored. */
    @Transactional
    void revoke(String token) {
        jdbc.sql("select user_id, family_id from refresh_tokens where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(Current.class)
                .optional()
                .ifPresent(found -> revokeFamily(found.familyId()));
    }

    /** Revokes every token of a user (password reset or change, deactivation). */
    @Transactional
    int revokeAll(UUID userId) {
        return jdbc.sql("update refresh_tokens set revoked_at = :now where user_id = :user and revoked_at is null")
                .param("now", Timestamp.from(clock.instant()))
                .param("user", userId)
                .update();
    }

    private int revokeFamily(UUID familyId) {
        return jdbc.sql("update refresh_tokens set revoked_at = :now where family_id = :family and revoked_at is null")
                .param("now", Timestamp.from(clock.instant()))
                .param("family", familyId)
                .update();
    }

    private String insert(UUID userId, UUID familyId) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into refresh_tokens (user_id, family_id, token_hash, created_at, expires_at)
                        values (:user, :family, :hash, :now, :expires)
                        """)
                .param("user", userId)
                .param("family", familyId)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.refreshTokenTtl())))
                .update();
        return token;
    }

    private record Current(UUID userId, UUID familyId) {}
}
