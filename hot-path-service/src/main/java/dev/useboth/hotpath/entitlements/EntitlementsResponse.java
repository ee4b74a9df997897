package dev.useboth.hotpath.entitlements;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a user may do right now: the plan of their live subscription and its features. A user
 * without a live subscription has no plan and no features.
 */
public record EntitlementsResponse(
        UUID userId, String plan, String status, Instant validUntil, List<EntitlementsResponse.Feature> features) {

    /** A feature key and its limit ({@code null}: unlimited). */
    public record Feature(String key, Long limit) {}
}
