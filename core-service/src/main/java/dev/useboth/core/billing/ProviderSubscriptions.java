package dev.useboth.core.billing;

/**
 * A provider that runs the cycle of its own subscriptions (Stripe): a cancellation asked of the
 * core must be asked of the provider too, or it would go on charging.
 */
interface ProviderSubscriptions {

    String id();

    /** Asks the provider to end the subscription at the end of its period. */
    void cancelAtPeriodEnd(String providerSubscriptionId);
}
