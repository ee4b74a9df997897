package dev.useboth.core.auth;

import dev.useboth.core.common.FieldProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Django's four password validators: long enough, not a common password, not too similar to the
 * user's own details, not entirely numeric. Every rule that fails is reported, each as an error
 * of the given field.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    /** Django's threshold for difflib's ratio; the ratio here is the same 2·M/T with M the longest common subsequence. */
    static final double MAX_SIMILARITY = 0.7;

    private static final String COMMON_PASSWORDS = "common-passwords.txt";

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /** The problems of {@code password} for a user with these details (either may be null). */
    List<FieldProblem> check(String field, String password, String email, String displayName) {
        List<FieldProblem> problems = new ArrayList<>();
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            problems.add(new FieldProblem(field, "must be at least " + MIN_LENGTH + " characters long"));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower.strip())) {
            problems.add(new FieldProblem(field, "is too common"));
        }
        if (tooSimilar(lower, attributeParts(email))) {
            problems.add(new FieldProblem(field, "is too similar to the email"));
        } else if (tooSimilar(lower, attributeParts(displayName))) {
            problems.add(new FieldProblem(field, "is too similar to the display name"));
        }
        if (!password.isEmpty() && password.chars().allMatch(Character::isDigit)) {
            problems.add(new FieldProblem(field, "must not be entirely numeric"));
        }
        return problems;
    }

    boolean isCommon(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT).strip());
    }

    /** Like Django: the whole value and each of its word-separated parts. */
    private static List<String> attributeParts(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        parts.add(lower);
        // Also each side of an email's @ and each without its separators ("ada.lovelace" -> "adalovelace").
        for (String side : lower.split("@")) {
            parts.add(side);
            parts.add(side.replaceAll("[\\W_]+", ""));
        }
        for (String part : lower.split("[\\W_]+")) {
            parts.add(part);
        }
        parts.removeIf(part -> part.length() < 3);
        return parts;
    }

    private static boolean tooSimilar(String password, List<String> parts) {
        for (String part : parts) {
            if (similarity(password, part) >= MAX_SIMILARITY) {
                return true;
            }
        }
        return false;
    }

    /** 2·M/T, M the longest common subsequence: 1 for equal strings, 0 for nothing in common. */
    static double similarity(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        // Passwords are at most 128 characters, emails 254: the table stays small.
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                current[j] = a.charAt(i - 1) == b.charAt(j - 1)
                        ? previous[j - 1] + 1
                        : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return 2.0 * previous[b.length()] / (a.length() + b.length());
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(16_384);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + COMMON_PASSWORDS);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
