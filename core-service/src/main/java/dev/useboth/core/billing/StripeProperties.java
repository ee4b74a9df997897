package dev.useboth.core.billing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe's settings ({@code STRIPE_*}, mapped in application.yml): off unless the secret key, the
 * webhook signing secret and the price ids are set. Kept apart from {@link BillingProperties}, as
 * every Stripe class is named {@code Stripe*}, so that a product without Stripe deletes them and
 * nothing else.
 *
 * @param priceIds plan code to Stripe price id, as {@code pro=price_123,team=price_456}
 * @param webhookTolerance how old a signed webhook may be (replay protection)
 * @param successUrl where Checkout sends the user after paying
 * @param cancelUrl where Checkout sends the user when they give up
 * @param apiBase Stripe's API address (tests point it at a local server)
 */
@ConfigurationProperties("billing.stripe")
record StripeProperties(
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
                    throw new IllegalArgumentException("STRIPE_PRICE_IDS must look like pro=price_123,team=price_456");
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
        return "StripeProperties[enabled=" + enabled() + ", priceIds=" + priceIds + "]";
    }
}
