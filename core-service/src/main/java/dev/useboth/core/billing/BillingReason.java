package dev.useboth.core.billing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Why an invoice was issued (the schema's {@code billing_reason}). */
enum BillingReason {
    /** The first period of a new subscription. */
    SUBSCRIPTION_CREATE("subscription_create"),
    /** A renewal: the next period. */
    SUBSCRIPTION_CYCLE("subscription_cycle"),
    /** An upgrade: the new plan from now on, less the unused part of what was paid. */
    SUBSCRIPTION_UPDATE("subscription_update"),
    MANUAL("manual");

    private final String value;

    BillingReason(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    @Converter(autoApply = true)
    static class DbConverter implements AttributeConverter<BillingReason, String> {
        @Override
        public String convertToDatabaseColumn(BillingReason reason) {
            return reason == null ? null : reason.value;
        }

        @Override
        public BillingReason convertToEntityAttribute(String value) {
            if (value == null) {
                return null;
            }
            for (BillingReason reason : values()) {
                if (reason.value.equals(value)) {
                    return reason;
                }
            }
            throw new IllegalArgumentException("unknown billing reason " + value);
        }
    }
}
