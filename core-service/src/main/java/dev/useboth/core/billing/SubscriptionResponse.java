package dev.useboth.core.billing;

import java.time.Instant;
import java.util.UUID;

/** The caller's subscription. */
record SubscriptionResponse(
        UUID id,
        String planCode,
        String planName,
        String status,
        long priceMinor,
        String currency,
        String amountFormatted,
        String interval,
        Instant currentPeriodStart,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd,
        String pendingPlanCode,
        String provider,
        long version) {

    static SubscriptionResponse of(Subscription s) {
        Plan plan = s.getPlan();
        return new SubscriptionResponse(
                s.getId(),
                plan.getCode(),
                plan.getName(),
                s.getStatus().value(),
                plan.getPriceMinor(),
                plan.getCurrency(),
                MoneyFormat.format(plan.getPriceMinor(), plan.getCurrency()),
                plan.getBillingInterval().name(),
                s.getCurrentPeriodStart(),
                s.getCurrentPeriodEnd(),
                s.isCancelAtPeriodEnd(),
                s.getPendingPlan() == null ? null : s.getPendingPlan().getCode(),
                s.getProvider(),
                s.getVersion() == null ? 0 : s.getVersion());
    }
}
