package dev.useboth.hotpath.plans;

import java.util.List;

/** A plan as {@code read_api.plans} publishes it. */
public record Plan(
        String code,
        String name,
        long priceMinor,
        String currency,
        String interval,
        int trialDays,
        List<Feature> features) {

    public record Feature(String key, Long limit) {}
}
