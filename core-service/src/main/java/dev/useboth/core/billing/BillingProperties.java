package dev.useboth.core.billing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings; application.yml maps each to its environment variable ({@code BILLING_*},
 * {@code STRIPE_*}).
 *
 * @param provider the payment provider checkout uses: {@code manual} (default: staff mark
 *     invoices paid) or {@code stripe}
 * @param gracePeriod how long an invoice may stay unpaid after it is due before its
 *     subscription becomes past due
 * @param renewalInterval how often the renewal job looks for ended periods
 */
@ConfigurationProperties("billing")
record BillingProperties(
        @DefaultValue("manual") String provider,
        @DefaultValue("3d") Duration gracePeriod,
        @DefaultValue("5m") Duration renewalInterval,
        @DefaultValue Stripe stripe) {

    BillingProperties {
        if (!provider.equals("manual") && !provider.equals("stripe")) {
            throw new IllegalArgumentException("billing.provider (BILLING_PROVIDER) must be manual or stripe");
        }
        if (provider.equals("stripe") && !stripe.enabled()) {
            throw new IllegalArgumentException(
                    "BILLING_PROVIDER=stripe needs STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_IDS");
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("billing.grace-period must not be negative");
        }
    }

    /**
     * Stripe: off unless the secret key, the webhook signing secret and the price ids are set.
     *
     * @param priceIds plan code to Stripe price id, as {@code pro=price_123,team=price_456}
     * @param webhookTolerance how old a signed webhook may be (replay protection)
     * @param successUrl where Checkout sends the user after paying
     * @param cancelUrl where Checkout sends the user when they give up
     * @param apiBase Stripe's API address (tests point it at a local server)
     */
    record Stripe(
            String secretKey,
            String webhookSecret,
            String priceIds,
            @DefaultValue("5m") Duration webhookTolerance,

            @DefaultValue("http://localhost:8080/billing/success")
            URI successUrl,

            @DefaultValue("http://localhost:8080/billing/cancel")
            URI cancelUrl,

            String apiBase) {

        boolean enabled() {
            return notBlank(secretKey) && notBlank(webhookSecret) && !prices().isEmpty();
        }

        /** Plan code to Stripe price id. */
        Map<String, String> prices() {
            Map<String, String> prices = new LinkedHashMap<>();
            if (notBlank(priceIds)) {
                for (String pair : priceIds.split(",")) {
                    String[] parts = pair.trim().split("=", 2);
                    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                        throw new IllegalArgumentException(
                                "STRIPE_PRICE_IDS must look like pro=price_123,team=price_456");
                    }
                    prices.put(parts[0].trim(), parts[1].trim());
                }
            }
            return prices;
        }

        private static boolean notBlank(String s) {
            return s != null && !s.isBlank();
        }

        @Override
        public String toString() {
            return "Stripe[enabled=" + enabled() + ", priceIds=" + priceIds + "]";
        }
    }
}
