package dev.useboth.core.auth;

import dev.useboth.core.accounts.Emails;
import dev.useboth.core.common.AuthProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits failed sign-ins per account and per client address with token buckets kept in PostgreSQL
 * (Bucket4j), so that the limit holds across all core replicas. Each failure takes a token; an
 * empty bucket refuses sign-ins (even with the right password) until it refills, one token every
 * {@code refillPeriod / capacity}. Successful sign-ins take nothing. Keys are SHA-256 digests: the
 * table holds no email or address in clear.
 */
@Component
class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final String TABLE = "auth_throttle_buckets";

    private final AuthProperties.Throttle settings;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration perAccount;
    private final BucketConfiguration perAddress;

    SignInThrottle(AuthProperties properties, DataSource dataSource) {
        this.settings = properties.throttle();
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.perAccount = configuration(settings.accountCapacity(), settings.refillPeriod());
        this.perAddress = configuration(settings.addressCapacity(), settings.refillPeriod());
    }

    /** How long to wait if the account or the address has no failed attempt left. */
    Optional<Duration> blocked(String email, String address) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        long wait = Math.max(waitNanos(accountKey(email), perAccount), waitNanos(addressKey(address), perAddress));
        return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    void failed(String email, String address) {
        if (!settings.enabled()) {
            return;
        }
        buckets.getProxy(accountKey(email), () -> perAccount).tryConsume(1);
        if (address != null) {
            buckets.getProxy(addressKey(address), () -> perAddress).tryConsume(1);
        }
    }

    /** Forgets buckets that have refilled completely (they would start full anyway). */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void removeExpired() {
        int removed;
        int total = 0;
        do {
            removed = buckets.removeExpired(1000);
            total += removed;
        } while (removed == 1000);
        if (total > 0) {
            log.debug("Removed {} refilled sign-in throttle buckets", total);
        }
    }

    private long waitNanos(String key, BucketConfiguration configuration) {
        if (key == null) {
            return 0;
        }
        EstimationProbe probe = buckets.getProxy(key, () -> configuration).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private static String accountKey(String email) {
        return "account:" + SecretTokens.hash(String.valueOf(Emails.normalize(email)));
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + SecretTokens.hash(address);
    }

    private static BucketConfiguration configuration(int capacity, Duration refillPeriod) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, refillPeriod)
                        .build())
                .build();
    }
}
