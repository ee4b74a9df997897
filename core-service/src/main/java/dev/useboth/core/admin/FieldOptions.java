package dev.useboth.core.admin;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How one field looks and what it accepts, beyond what the entity's JPA mapping already says
 * ({@code nullable = false} makes a field required, {@code length} bounds it, an enum gives a
 * choice list).
 */
public final class FieldOptions {

    String label;
    String help;
    Long min;
    Long max;
    Pattern pattern;
    String patternMessage;
    List<String> choices;
    Boolean required;
    String references;

    FieldOptions() {}

    public FieldOptions label(String label) {
        this.label = label;
        return this;
    }

    public FieldOptions help(String help) {
        this.help = help;
        return this;
    }

    /** The smallest number accepted (for money: in minor units, like the attribute). */
    public FieldOptions min(long min) {
        this.min = min;
        return this;
    }

    public FieldOptions max(long max) {
        this.max = max;
        return this;
    }

    /** A regular expression the whole value must match, and what to tell the user otherwise. */
    public FieldOptions pattern(String regex, String message) {
        this.pattern = Pattern.compile(regex);
        this.patternMessage = message;
        return this;
    }

    /** A fixed list of values for a text field (rendered as a select, filtered by value). */
    public FieldOptions choices(String... choices) {
        this.choices = List.of(choices);
        return this;
    }

    /**
     * An id of an object another module's admin shows (a {@code userId} column without a JPA
     * association): shown as that object's name, linked to its page.
     */
    public FieldOptions references(String slug) {
        this.references = slug;
        return this;
    }

    public FieldOptions required(boolean required) {
        this.required = required;
        return this;
    }
}
