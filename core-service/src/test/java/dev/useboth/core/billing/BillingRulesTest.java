package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void stripeStatusesMapOntoOurs() {
        assertThat(StripeEvents.status("active")).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(StripeEvents.status("trialing")).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(StripeEvents.status("unpaid")).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(StripeEvents.status("incomplete_expired")).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(StripeEvents.status("incomplete")).isNull();
    }

    @Test
    void stripeIsOnOnlyWithAllThreeSettings() {
        var off = new BillingProperties.Stripe("sk_test", "whsec", null, Duration.ofMinutes(5), null, null, null);
        assertThat(off.enabled()).isFalse();
        var on = new BillingProperties.Stripe(
                "sk_test", "whsec", "pro=price_1, team=price_2", Duration.ofMinutes(5), null, null, null);
        assertThat(on.enabled()).isTrue();
        assertThat(on.prices()).containsEntry("pro", "price_1").containsEntry("team", "price_2");
        assertThat(on.toString()).doesNotContain("sk_test", "whsec");
        assertThatThrownBy(() -> new BillingProperties("stripe", Duration.ofDays(3), Duration.ofMinutes(5), off))
                .hasMessageContaining("STRIPE_SECRET_KEY");
        assertThatThrownBy(
                        () -> new BillingProperties.Stripe("sk", "wh", "pro", Duration.ofMinutes(5), null, null, null)
                                .prices())
                .hasMessageContaining("STRIPE_PRICE_IDS");
    }
}
