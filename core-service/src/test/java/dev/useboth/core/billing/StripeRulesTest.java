package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stripe's settings and status mapping, without a database or a network. */
class StripeRulesTest {

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
        var off = new StripeProperties("sk_test", "whsec", null, Duration.ofMinutes(5), null, null, null);
        assertThat(off.enabled()).isFalse();
        var on = new StripeProperties(
                "sk_test", "whsec", "pro=price_1, team=price_2", Duration.ofMinutes(5), null, null, null);
        assertThat(on.enabled()).isTrue();
        assertThat(on.prices()).containsEntry("pro", "price_1").containsEntry("team", "price_2");
        assertThat(on.toString()).doesNotContain("sk_test", "whsec");
        var billing = new BillingProperties("stripe", Duration.ofDays(3), Duration.ofMinutes(5));
        assertThatThrownBy(() -> new StripePaymentProvider(billing, off, null, null))
                .hasMessageContaining("STRIPE_SECRET_KEY");
        assertThatThrownBy(
                        () -> new StripeProperties("sk", "wh", "pro", Duration.ofMinutes(5), null, null, null).prices())
                .hasMessageContaining("STRIPE_PRICE_IDS");
    }
}
