package dev.useboth.core.billing;

import java.util.UUID;

/**
 * The port to a payment provider. {@code manual} (the default) needs no network: invoices stay
 * open until staff mark them paid. {@code stripe} sends the user to Stripe Checkout and learns
 * the outcome from Stripe's webhooks ({@link WebhookReceiver}).
 */
interface PaymentProvider {

    /** The provider's name, as stored in {@code subscriptions.provider} and used in webhook paths. */
    String id();

    /** Starts paying for {@code plan}: a redirect to the provider, or the pending invoice. */
    CheckoutResponse checkout(UUID userId, Plan plan);
}
