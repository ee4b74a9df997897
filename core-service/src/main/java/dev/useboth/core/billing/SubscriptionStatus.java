package dev.useboth.core.billing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Where a subscription stands. Trialing, active and past-due subscriptions are live (they grant
 * their plan's entitlements and count against the one-live-subscription-per-user index); a
 * canceled one is history.
 */
public enum SubscriptionStatus {
    TRIALING("trialing"),
    ACTIVE("active"),
    PAST_DUE("past_due"),
    CANCELED("canceled");

    private final String value;

    SubscriptionStatus(String value) {
        this.value = value;
    }

    /** The value the schema stores and the API shows. */
    public String value() {
        return value;
    }

    public boolean isLive() {
        return this != CANCELED;
    }

    static SubscriptionStatus of(String value) {
        for (SubscriptionStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown subscription status " + value);
    }

    @Converter(autoApply = true)
    static class DbConverter implements AttributeConverter<SubscriptionStatus, String> {
        @Override
        public String convertToDatabaseColumn(SubscriptionStatus status) {
            return status == null ? null : status.value;
        }

        @Override
        public SubscriptionStatus convertToEntityAttribute(String value) {
            return value == null ? null : of(value);
        }
    }
}
