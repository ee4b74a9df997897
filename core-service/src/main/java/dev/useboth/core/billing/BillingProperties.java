package dev.useboth.core.billing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings; application.yml maps each to its environment variable ({@code BILLING_*}).
 * A provider's own settings live with its adapter, so that removing an adapter removes them too.
 *
 * @param provider the id of the payment provider checkout uses: {@code manual} (default: staff
 *     mark invoices paid) or another {@link PaymentProvider}'s
 * @param gracePeriod how long an invoice may stay unpaid after it is due before its
 *     subscription becomes past due
 * @param renewalInterval how often the renewal job looks for ended periods
 */
@ConfigurationProperties("billing")
record BillingProperties(
        @DefaultValue("manual") String provider,
        @DefaultValue("3d") Duration gracePeriod,
        @DefaultValue("5m") Duration renewalInterval) {

    BillingProperties {
        if (provider.isBlank()) {
            throw new IllegalArgumentException("billing.provider (BILLING_PROVIDER) must name a payment provider");
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("billing.grace-period must not be negative");
        }
    }
}
