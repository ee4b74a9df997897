package dev.useboth.schema.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the cases of a generated suite (hostile input, authorization matrix, faults, ...) so
 * that one failing case does not hide the others, then prints one line that CI and the README
 * quote:
 *
 * <pre>[suite] hostile-input core: 1234 cases, 0 failures</pre>
 *
 * <p>Use: {@code var suite = SuiteSummary.named("hostile-input core");} then {@code suite.check(...)}
 * per case, and {@code suite.finish()} at the end, which fails the test with every failing case
 * listed.
 */
public final class SuiteSummary {

    /** The JUnit tag of the suites that take tens of seconds (faults); run them apart with -Dgroups=slow. */
    public static final String SLOW = "slow";

    private static final int LISTED = 40;

    private final String name;
    private final List<String> failures = new ArrayList<>();
    private int cases;

    private SuiteSummary(String name) {
        this.name = name;
    }

    public static SuiteSummary named(String name) {
        return new SuiteSummary(name);
    }

    /** One case: passes when {@code ok}; otherwise {@code detail} says what was seen. */
    public synchronized void check(String caseName, boolean ok, String detail) {
        cases++;
        if (!ok) {
            failures.add(caseName + " -> " + detail);
        }
    }

    /** One case given as an assertion (AssertJ or JUnit): an {@link AssertionError} fails the case. */
    public void check(String caseName, Runnable assertion) {
        try {
            assertion.run();
            check(caseName, true, "");
        } catch (AssertionError e) {
            check(caseName, false, oneLine(e.getMessage()));
        }
    }

    public synchronized int cases() {
        return cases;
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Prints the one-line summary and fails with the failing cases listed (at most 40). */
    public synchronized void finish() {
        System.out.printf("[suite] %s: %d cases, %d failures%n", name, cases, failures.size());
        if (cases == 0) {
            throw new AssertionError("[suite] " + name + ": no case was tried");
        }
        if (!failures.isEmpty()) {
            List<String> listed = failures.subList(0, Math.min(LISTED, failures.size()));
            throw new AssertionError("[suite] " + name + ": " + failures.size() + " of " + cases + " cases failed:\n  "
                    + String.join("\n  ", listed)
                    + (failures.size() > LISTED ? "\n  ... and " + (failures.size() - LISTED) + " more" : ""));
        }
    }

    /** The assertion's message on one line (AssertJ spreads "expected" and "but was" over several). */
    private static String oneLine(String message) {
        if (message == null) {
            return "assertion failed";
        }
        String oneLine = message.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + " ...";
    }
}
