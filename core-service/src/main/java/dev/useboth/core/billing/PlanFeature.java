package dev.useboth.core.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One entitlement a plan grants: a feature key and an optional numeric limit (null means
 * unlimited).
 */
@Embeddable
public record PlanFeature(
        @Column(name = "feature_key", nullable = false, length = 64)
        String key,

        @Column(name = "limit_value") Long limit) {}
