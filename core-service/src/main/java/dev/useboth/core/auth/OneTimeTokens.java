package dev.useboth.core.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The secrets of email links (verification, password reset): random, stored as SHA-256, single use,
 * expiring. Issuing a new one voids the user's earlier unused ones of the same purpose, so only the
 * latest email works.
 */
@Component
class OneTimeTokens {

    enum Purpose {
        VERIFY_EMAIL,
        PASSWORD_RESET
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    OneTimeTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    String issue(UUID userId, Purpose purpose, Duration ttl) {
        Instant now = clock.instant();
        jdbc.sql("""
                        update one_time_tokens set used_at = :now
                        where user_id = :user and purpose = :purpose and used_at is null
                        """)
                .param("now", Timestamp.from(now))
                .param("user", userId)
                .param("purpose", purpose.name())
                .update();
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into one_time_tokens (user_id, purpose, token_hash, created_at, expires_at)
                        values (:user, :purpose, :hash, :now, :expires)
                        """)
                .param("user", userId)
                .param("purpose", purpose.name())
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(ttl)))
                .update();
        return token;
    }

    /** The user of a valid (unused, unexpired) token, without using it up. */
    Optional<UUID> peek(String token, Purpose purpose) {
        return jdbc.sql("""
                        select user_id from one_time_tokens
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("purpose", purpose.name())
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class)
                .optional();
    }

    /** Uses a valid token up and answers its user; of two concurrent uses, one wins. */
    @Transactional
    Optional<UUID> consume(String token, Purpose purpose) {
        return jdbc.sql("""
                        update one_time_tokens set used_at = :now
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                        returning user_id
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("purpose", purpose.name())
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class)
                .optional();
    }
}
