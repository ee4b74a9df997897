package dev.useboth.core.billing;

import java.util.List;

/** A plan as the public API shows it. */
public record PlanResponse(
        String code,
        String name,
        long priceMinor,
        String currency,
        String amountFormatted,
        String interval,
        int trialDays,
        List<FeatureResponse> features) {

    public record FeatureResponse(String key, Long limit) {}

    static PlanResponse of(Plan plan) {
        return new PlanResponse(
                plan.getCode(),
                plan.getName(),
                plan.getPriceMinor(),
                plan.getCurrency(),
                MoneyFormat.format(plan.getPriceMinor(), plan.getCurrency()),
                plan.getBillingInterval().name(),
                plan.getTrialDays(),
                plan.getFeatures().stream()
                        .map(f -> new FeatureResponse(f.key(), f.limit()))
                        .toList());
    }
}
