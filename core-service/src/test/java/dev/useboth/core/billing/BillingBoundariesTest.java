package dev.useboth.core.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Billing's logic does not reach into the admin panel: the admin calls billing (e.g.
 * {@code InvoiceService.markPaid}), not the reverse. The one exception is by design: a feature
 * declares its own admin pages beside its model ({@code PlanAdmin}, Django's {@code admin.py}).
 */
class BillingBoundariesTest {

    static final JavaClasses BILLING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.useboth.core.billing");

    @Test
    void billingDoesNotDependOnTheAdminPanel() {
        noClasses()
                .that()
                .resideInAPackage("dev.useboth.core.billing..")
                .and()
                .haveSimpleNameNotEndingWith("Admin")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.useboth.core.admin..")
                .check(BILLING);
    }
}
