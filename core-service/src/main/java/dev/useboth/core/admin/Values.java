package dev.useboth.core.admin;

import dev.useboth.core.admin.FieldMeta.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Attribute values to text people read, to form inputs, and form inputs back to values. */
final class Values {

    static final String NONE = "—";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private Values() {}

    /** Display text of a plain (non-relation) value. */
    static String text(FieldMeta field, Object value, Object currency, Locale locale) {
        if (value == null) {
            return NONE;
        }
        return switch (field.kind()) {
            case BOOLEAN -> (Boolean) value ? "Yes" : "No";
            case INSTANT -> SHOWN.format(toInstant(value).atOffset(ZoneOffset.UTC));
            case MONEY ->
                currency instanceof String code && isCurrency(code)
                        ? Money.format(((Number) value).longValue(), code, locale)
                        : value.toString();
            case ENUM -> ((Enum<?>) value).name();
            case COLLECTION ->
                ((Collection<?>) value).stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            default -> value.toString();
        };
    }

    static String instant(Instant instant) {
        return instant == null ? NONE : SHOWN.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** What a form input holds for the value. */
    static String input(FieldMeta field, Object value, Object currency) {
        if (value == null) {
            return "";
        }
        return switch (field.kind()) {
            case INSTANT -> INPUT.format(toInstant(value).atOffset(ZoneOffset.UTC));
            case MONEY ->
                currency instanceof String code && isCurrency(code)
                        ? Money.toMajor(((Number) value).longValue(), code)
                        : value.toString();
            case ENUM -> ((Enum<?>) value).name();
            default -> value.toString();
        };
    }

    /** Parses one submitted value; throws {@link Rejected} with the message shown beside the field. */
    static Object parse(FieldMeta field, List<String> submitted, String currency) {
        if (field.kind() == Kind.BOOLEAN) {
            return submitted.contains("true");
        }
        if (field.kind() == Kind.COLLECTION) {
            Set<Object> chosen = new LinkedHashSet<>();
            for (String value : submitted) {
                if (!field.choices().contains(value)) {
                    throw new Rejected("Select valid choices.");
                }
                chosen.add(enumValue(field.target(), value));
            }
            return chosen;
        }
        String raw = submitted.isEmpty() || submitted.getFirst() == null
                ? ""
                : submitted.getFirst().strip();
        if (raw.isEmpty()) {
            if (field.required()) {
                throw new Rejected("This field is required.");
            }
            return null;
        }
        FieldOptions options = field.options();
        Object value = switch (field.kind()) {
            case TEXT -> {
                if (field.maxLength() != null && raw.length() > field.maxLength()) {
                    throw new Rejected("At most " + field.maxLength() + " characters.");
                }
                yield raw;
            }
            case CHOICE -> {
                if (!field.choices().contains(raw)) {
                    throw new Rejected("Select a valid choice.");
                }
                yield raw;
            }
            case ENUM -> {
                if (!field.choices().contains(raw)) {
                    throw new Rejected("Select a valid choice.");
                }
                yield enumValue(field.javaType(), raw);
            }
            case INTEGER -> {
                long number;
                try {
                    number = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new Rejected("Enter a whole number.");
                }
                checkRange(options, number, String.valueOf(options.min), String.valueOf(options.max));
                yield narrow(field.javaType(), number);
            }
            case DECIMAL -> {
                try {
                    yield new BigDecimal(raw);
                } catch (NumberFormatException e) {
                    throw new Rejected("Enter a number.");
                }
            }
            case MONEY -> {
                if (currency == null || !isCurrency(currency)) {
                    throw new Rejected("Choose a valid currency first.");
                }
                long minor;
                try {
                    minor = Money.parseMajor(raw, currency);
                } catch (NumberFormatException | ArithmeticException e) {
                    int digits = Currency.getInstance(currency).getDefaultFractionDigits();
                    throw new Rejected(
                            "Enter an amount like " + (digits > 0 ? "9." + "0".repeat(digits) : "900") + ".");
                }
                checkRange(
                        options,
                        minor,
                        options.min == null ? null : Money.toMajor(options.min, currency),
                        options.max == null ? null : Money.toMajor(options.max, currency));
                yield narrow(field.javaType(), minor);
            }
            case INSTANT -> {
                try {
                    Instant instant = LocalDateTime.parse(raw, INPUT).toInstant(ZoneOffset.UTC);
                    yield field.javaType() == OffsetDateTime.class ? instant.atOffset(ZoneOffset.UTC) : instant;
                } catch (DateTimeParseException e) {
                    throw new Rejected("Enter a date and time (UTC).");
                }
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(raw);
                } catch (DateTimeParseException e) {
                    throw new Rejected("Enter a date.");
                }
            }
            case UUID -> {
                try {
                    yield UUID.fromString(raw);
                } catch (IllegalArgumentException e) {
                    throw new Rejected("Enter a valid id.");
                }
            }
            default -> throw new Rejected("This field cannot be edited.");
        };
        if (value instanceof String text
                && options.pattern != null
                && !options.pattern.matcher(text).matches()) {
            throw new Rejected(options.patternMessage);
        }
        return value;
    }

    /** An id from a URL or a form, as the type the entity uses; null when it cannot be one. */
    static Object id(Class<?> type, String raw) {
        try {
            if (type == UUID.class) {
                return UUID.fromString(raw);
            }
            if (type == Long.class || type == long.class) {
                return Long.valueOf(raw);
            }
            if (type == Integer.class || type == int.class) {
                return Integer.valueOf(raw);
            }
            if (type == String.class) {
                return raw;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    static Object narrow(Class<?> type, long number) {
        if (type == int.class || type == Integer.class) {
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new Rejected("This number is too large.");
            }
            return (int) number;
        }
        if (type == short.class || type == Short.class) {
            if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
                throw new Rejected("This number is too large.");
            }
            return (short) number;
        }
        return number;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }

    static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    static Instant startOf(String range) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return switch (range) {
            case "today" -> today;
            case "7d" -> today.minus(7, ChronoUnit.DAYS);
            case "month" ->
                LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case "year" ->
                LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            default -> null;
        };
    }

    private static Instant toInstant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }

    private static void checkRange(FieldOptions options, long value, String min, String max) {
        if (options.min != null && value < options.min) {
            throw new Rejected("At least " + min + ".");
        }
        if (options.max != null && value > options.max) {
            throw new Rejected("At most " + max + ".");
        }
    }

    /** A submitted value that cannot be accepted, with the message for its field. */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
