package dev.useboth.core.admin;

import java.util.Locale;

/** Field names to words people read: {@code priceMinor} to "Price minor", {@code plan.code} to "Plan code". */
final class Labels {

    private Labels() {}

    static String humanize(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '_') {
                out.append(' ');
            } else if (Character.isUpperCase(c) && i > 0) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(out.isEmpty() ? Character.toUpperCase(c) : c);
            }
        }
        return out.toString().replace("  ", " ").trim();
    }

    static String lower(String name) {
        return humanize(name).toLowerCase(Locale.ROOT);
    }
}
