package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The arithmetic and mappings behind the billing rules, without a database. */
class BillingRulesTest {

    static final Instant START = Instant.parse("2026-01-31T10:00:00Z");

    @Test
    void periodsFollowTheCalendarInUtc() {
        assertThat(BillingInterval.month.periodEnd(START)).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(BillingInterval.year.periodEnd(START)).isEqualTo(Instant.parse("2027-01-31T10:00:00Z"));
    }

    @Test
    void theCreditIsTheUnusedPartOfWhatWasPaidRoundedDown() {
        Instant end = START.plus(Duration.ofDays(30));
        assertThat(SubscriptionService.unusedPart(3000, START, end, START.plus(Duration.ofDays(10))))
                .isEqualTo(2000);
        assertThat(SubscriptionService.unusedPart(1000, START, end, START.plus(Duration.ofDays(10))))
                .isEqualTo(666);
        assertThat(SubscriptionService.unusedPart(1000, START, end, end)).isZero();
        assertThat(SubscriptionService.unusedPart(0, START, end, START)).isZero();
        // No overflow on huge amounts.
        assertThat(SubscriptionService.unusedPart(Long.MAX_VALUE / 2, START, end, START))
                .isEqualTo(Long.MAX_VALUE / 2);
    }
}
