package dev.useboth.core.admin;

import java.util.List;

/**
 * What the engine knows about one declared field, worked out once at start-up from the JPA
 * metamodel and the declaration.
 */
record FieldMeta(
        String path,
        String label,
        Kind kind,
        Class<?> javaType,
        boolean required,
        Integer maxLength,
        List<String> choices,
        Class<?> target,
        String currencyField,
        FieldOptions options) {

    enum Kind {
        TEXT,
        CHOICE,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        ENUM,
        INSTANT,
        DATE,
        UUID,
        MONEY,
        RELATION,
        COLLECTION,
        OTHER
    }

    boolean sortable() {
        return kind != Kind.COLLECTION && kind != Kind.OTHER && kind != Kind.RELATION;
    }

    String inputType() {
        return switch (kind) {
            case INTEGER -> "number";
            case MONEY, DECIMAL -> "text";
            case INSTANT -> "datetime-local";
            case DATE -> "date";
            default -> "text";
        };
    }

    String inputMode() {
        return switch (kind) {
            case MONEY, DECIMAL -> "decimal";
            case INTEGER -> "numeric";
            default -> null;
        };
    }
}
