package dev.useboth.core.billing;

import java.util.UUID;

/**
 * Published inside the transaction that changes a user's subscription, and so their entitlements;
 * listen with {@code @TransactionalEventListener} to act once it commits.
 * Other modules listen for it instead of reaching into billing.
 *
 * @param planCode the plan in force now, null once the subscription is canceled
 * @param status the subscription's status ({@code trialing}, {@code active}, {@code past_due}, {@code canceled})
 */
public record SubscriptionChanged(UUID userId, String planCode, String status) {

    static SubscriptionChanged of(Subscription subscription) {
        return new SubscriptionChanged(
                subscription.getUserId(),
                subscription.getStatus() == SubscriptionStatus.CANCELED
                        ? null
                        : subscription.getPlan().getCode(),
                subscription.getStatus().value());
    }
}
