package dev.useboth.schema;

import java.util.List;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one-shot migrate job: {@code java -jar shared-schema.jar}. Exits 0 when the schema is
 * up to date (also when nothing was pending), 1 with a one-line reason otherwise.
 */
public final class MigrateMain {

    private MigrateMain() {}

    public static void main(String[] args) {
        try {
            MigrationSettings settings = MigrationSettings.fromEnvironment(System::getenv);
            MigrateResult result = Migrations.migrate(settings);
            System.out.printf(
                    "migrate: schema at version %s (%d migration(s) applied, was %s)%n",
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted,
                    result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion);
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("migrate: failed: " + oneLine(e));
            System.exit(1);
        }
    }

    // Flyway's messages span many lines: the root cause's first line is the useful one, and for a
    // failed validation (no cause) its second line names the migration.
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        List<String> lines = message.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return root.getClass().getSimpleName();
        }
        if (root == e) {
            return String.join(" ", lines.subList(0, Math.min(2, lines.size())));
        }
        return e.getClass().getSimpleName() + ": " + lines.getFirst();
    }
}
