package dev.useboth.hotpath.web;

import java.util.regex.Pattern;

/**
 * A request parameter as the route table declares it: validated before the handler runs and
 * described in the OpenAPI document from the same declaration, so the two cannot drift.
 */
public record Param(
        In in, String name, String description, Kind kind, boolean required, long min, long max, Pattern pattern) {

    public enum In {
        PATH,
        QUERY,
        HEADER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Kind {
        UUID,
        INTEGER,
        STRING
    }

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public static Param pathUuid(String name, String description) {
        return new Param(In.PATH, name, description, Kind.UUID, true, 0, 0, UUID_PATTERN);
    }

    public static Param queryInteger(String name, String description, long min, long max) {
        return new Param(In.QUERY, name, description, Kind.INTEGER, false, min, max, null);
    }

    public static Param queryString(String name, String description, String pattern, int maxLength) {
        return new Param(In.QUERY, name, description, Kind.STRING, false, 0, maxLength, Pattern.compile(pattern));
    }

    public static Param pathString(String name, String description, String pattern, int maxLength) {
        return new Param(In.PATH, name, description, Kind.STRING, true, 0, maxLength, Pattern.compile(pattern));
    }

    public static Param headerInteger(String name, String description, long min, long max) {
        return new Param(In.HEADER, name, description, Kind.INTEGER, false, min, max, null);
    }

    /** Why {@code value} is not acceptable, or null when it is. A missing optional value is fine. */
    public String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return required ? "is required" : null;
        }
        return switch (kind) {
            case UUID -> pattern.matcher(value).matches() ? null : "must be a UUID";
            case INTEGER -> {
                long parsed;
                try {
                    parsed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    yield "must be a whole number";
                }
                yield parsed < min || parsed > max ? "must be between " + min + " and " + max : null;
            }
            case STRING -> {
                if (value.length() > max) {
                    yield "must be at most " + max + " characters";
                }
                yield pattern.matcher(value).matches() ? null : "has an invalid format";
            }
        };
    }
}
