package dev.useboth.core.billing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * An invoice's life: a draft has no number yet; an open one is issued and owed; it ends paid,
 * void (cancelled by staff, nothing owed) or uncollectible (owed, written off).
 */
public enum InvoiceStatus {
    DRAFT("draft"),
    OPEN("open"),
    PAID("paid"),
    VOID("void"),
    UNCOLLECTIBLE("uncollectible");

    private final String value;

    InvoiceStatus(String value) {
        this.value = value;
    }

    /** The value the schema stores and the API shows. */
    public String value() {
        return value;
    }

    static InvoiceStatus of(String value) {
        for (InvoiceStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown invoice status " + value);
    }

    @Converter(autoApply = true)
    static class DbConverter implements AttributeConverter<InvoiceStatus, String> {
        @Override
        public String convertToDatabaseColumn(InvoiceStatus status) {
            return status == null ? null : status.value;
        }

        @Override
        public InvoiceStatus convertToEntityAttribute(String value) {
            return value == null ? null : of(value);
        }
    }
}
