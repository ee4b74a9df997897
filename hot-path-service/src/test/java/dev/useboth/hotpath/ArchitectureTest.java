package dev.useboth.hotpath;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hot path shares only the schema with the core: no code, no framework, no base tables. */
class ArchitectureTest {

    static final String CORE = "dev.useboth.core..";

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.useboth.hotpath");

    @Test
    void doesNotDependOnTheCoreOrOnSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CORE, "org.springframework..", "jakarta.persistence..")
                .check(CLASSES);
    }

    /** Handlers speak HTTP; SQL lives in the *Reads classes, behind them. */
    @Test
    void handlersDoNotTouchJdbc() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Handler")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        java.sql.Connection.class,
                        java.sql.Statement.class,
                        java.sql.ResultSet.class,
                        javax.sql.DataSource.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("com.zaxxer.hikari..", "org.postgresql..")
                .check(CLASSES);
    }

    /** The web layer (routing, problems, validation) knows no feature; features may use it. */
    @Test
    void theWebLayerDoesNotDependOnFeatures() {
        noClasses()
                .that()
                .resideInAPackage("dev.useboth.hotpath.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.useboth.hotpath.plans..",
                        "dev.useboth.hotpath.entitlements..",
                        "dev.useboth.hotpath.invoices..",
                        "dev.useboth.hotpath.events..")
                .check(CLASSES);
    }

    /** Only the read classes build statements, and only prepared ones with parameters. */
    @Test
    void sqlIsPreparedInReadClassesOnly() {
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Reads")
                .and()
                .doNotHaveSimpleName("SchemaGuard")
                .and()
                .doNotHaveSimpleName("ChangeListener")
                .and()
                .doNotHaveSimpleName("Database")
                .should()
                .callMethod(java.sql.Connection.class, "prepareStatement", String.class)
                .orShould()
                .callMethod(java.sql.Connection.class, "createStatement")
                .check(CLASSES);
        noClasses()
                .that()
                .doNotHaveSimpleName("SchemaGuard")
                .should()
                .callMethod(java.sql.Statement.class, "executeQuery", String.class)
                .orShould()
                .callMethod(java.sql.Statement.class, "executeUpdate", String.class)
                .because("queries with values are prepared statements, never concatenated SQL")
                .check(CLASSES);
    }

    /**
     * No SQL literal of the hot path names a base table (every table the migrations create); the
     * read_api views are what it reads.
     */
    @Test
    void readsOnlyThroughTheReadContract() throws IOException {
        Set<String> tables = new HashSet<>();
        Pattern createTable = Pattern.compile("(?i)create\\s+table\\s+(?:public\\.)?([a-z_][a-z0-9_]*)");
        try (Stream<Path> migrations = Files.list(Path.of("../shared-schema/src/main/resources/db/migration"))) {
            for (Path migration : migrations.toList()) {
                createTable.matcher(Files.readString(migration)).results().forEach(r -> tables.add(r.group(1)));
            }
        }
        assertThat(tables)
                .as("tables found in the migrations (the scan itself works)")
                .contains("users", "plans");

        Pattern literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        Pattern relation = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)");
        List<String> offenders = new ArrayList<>();
        Set<String> views = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher literals = literal.matcher(Files.readString(file));
                while (literals.find()) {
                    Matcher m = relation.matcher(literals.group(1));
                    while (m.find()) {
                        String name = m.group(1).toLowerCase(Locale.ROOT);
                        if (name.startsWith("read_api.")) {
                            views.add(name);
                        } else if (tables.contains(name.replaceFirst("^public\\.", ""))) {
                            offenders.add(file.getFileName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertThat(views).as("read_api views the hot path reads").isNotEmpty();
        assertThat(offenders).as("base tables named in the hot path's SQL").isEmpty();
    }
}
