package dev.useboth.schema;

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

    // Flyway's messages span many lines; the root cause's first line is the useful one.
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String first = message.strip().lines().findFirst().orElse(message);
        return root == e ? first : e.getClass().getSimpleName() + ": " + first;
    }
}
