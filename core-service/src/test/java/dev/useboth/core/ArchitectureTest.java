package dev.useboth.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core shares only the schema with the hot path. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.useboth.core");

    @Test
    void doesNotDependOnTheHotPath() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.useboth.hotpath..", "io.javalin..")
                .check(CLASSES);
    }
}
