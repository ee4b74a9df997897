package dev.useboth.core.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a user may do right now: the plan of their live subscription and its features; no plan
 * and no features without one. The same shape as the hot path's {@code /hot/v1/entitlements}.
 */
record EntitlementsResponse(UUID userId, String plan, String status, Instant validUntil, List<Feature> features) {

    /** A feature key and its limit ({@code null}: unlimited). */
    record Feature(String key, Long limit) {}
}
