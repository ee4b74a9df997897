package dev.useboth.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.schema.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migrate job as a process: exit codes and the one-line reason. */
class MigrateMainTest {

    record Run(int exitCode, String stdout, String stderr) {}

    @Test
    void migratesAndExitsZero() throws Exception {
        MigrationSettings s = TestDatabase.empty().settings();
        Run run = run(Map.of(
                "DATABASE_URL", s.url(),
                "DATABASE_OWNER_USER", s.ownerUser(),
                "DATABASE_OWNER_PASSWORD", s.ownerPassword(),
                "CORE_DB_PASSWORD", s.corePassword(),
                "HOT_DB_PASSWORD", s.hotPassword()));
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("migrate: schema at version " + System.getProperty("schema.version"));
    }

    @Test
    void exitsNonZeroWithOneLineWhenConfigurationIsMissing() throws Exception {
        Run run = run(Map.of("DATABASE_URL", "jdbc:postgresql://localhost:1/app"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip()).isEqualTo("migrate: failed: DATABASE_OWNER_USER is not set");
    }

    @Test
    void exitsNonZeroWithOneLineWhenTheDatabaseIsUnreachable() throws Exception {
        Run run = run(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2",
                "DATABASE_OWNER_USER", "owner",
                "DATABASE_OWNER_PASSWORD", "owner",
                "CORE_DB_PASSWORD", "core-password-long",
                "HOT_DB_PASSWORD", "hot-password-long"));
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> failureLines = run.stderr()
                .lines()
                .filter(l -> l.startsWith("migrate: failed:"))
                .toList();
        assertThat(failureLines).hasSize(1);
        assertThat(failureLines.getFirst()).contains("Connection");
    }

    @Test
    void aFailedValidationNamesTheMigrationOnItsOneLine() {
        RuntimeException validation = new RuntimeException("Validate failed: Migrations have failed validation\n"
                + "Detected resolved migration not applied to database: 10.\n"
                + "To fix this error, either run migrate, or set -ignoreMigrationPatterns='*:ignored'.\n");
        assertThat(MigrateMain.oneLine(validation))
                .isEqualTo("Validate failed: Migrations have failed validation"
                        + " Detected resolved migration not applied to database: 10.");
        assertThat(MigrateMain.oneLine(
                        new IllegalStateException("outer", new java.net.ConnectException("refused\nmore"))))
                .isEqualTo("IllegalStateException: refused");
    }

    private static Run run(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb =
                new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MigrateMain.class.getName());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }
}
