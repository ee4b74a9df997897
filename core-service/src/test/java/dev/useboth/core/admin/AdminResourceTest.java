package dev.useboth.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class AdminResourceTest {

    static class Account {
        Long id;
        String email;
        String passwordHash;
    }

    @Test
    void refusesPasswordFieldsWhereverTheyAreDeclared() {
        assertThatThrownBy(() -> AdminResource.of(Account.class)
                        .list("email", "passwordHash")
                        .build())
                .hasMessageContaining("passwordHash")
                .hasMessageContaining("sensitive");
        assertThatThrownBy(
                        () -> AdminResource.of(Account.class).search("password").build())
                .hasMessageContaining("sensitive");
        assertThatThrownBy(() ->
                        AdminResource.of(Account.class).filters("PasswordHash").build())
                .hasMessageContaining("sensitive");
        assertThatThrownBy(() -> AdminResource.of(Account.class)
                        .form("email", "passwordHash")
                        .build())
                .hasMessageContaining("sensitive");
        assertThatThrownBy(() -> AdminResource.of(Account.class)
                        .readOnly("owner.password")
                        .build())
                .hasMessageContaining("sensitive");
        assertThatThrownBy(() -> AdminResource.of(Account.class)
                        .ordering("-passwordHash")
                        .build())
                .hasMessageContaining("sensitive");
    }

    @Test
    void derivesSlugAndNamesFromTheClass() {
        AdminResource<Account> resource = AdminResource.of(Account.class).build();
        assertThat(resource.slug()).isEqualTo("accounts");
        assertThat(resource.singular()).isEqualTo("account");
        assertThat(resource.plural()).isEqualTo("accounts");
        assertThat(Labels.humanize("priceMinor")).isEqualTo("Price minor");
        assertThat(Labels.humanize("plan.code")).isEqualTo("Plan code");
    }

    @Test
    void refusesSlugsThatAreNotKebabCase() {
        assertThatThrownBy(
                        () -> AdminResource.of(Account.class).slug("Bad/Slug").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aModelWithoutFormsCannotBeAddedButItsActionsMayChangeIt() {
        AdminResource<Account> resource = AdminResource.of(Account.class).build();
        assertThat(resource.hasForm()).isFalse();
        assertThat(resource.supports(AdminPermission.ADD)).isFalse();
        assertThat(resource.supports(AdminPermission.CHANGE)).isTrue();
        assertThat(resource.supports(AdminPermission.DELETE)).isTrue();
        AdminResource<Account> readOnly =
                AdminResource.of(Account.class).readOnlyModel().build();
        assertThat(readOnly.supports(AdminPermission.CHANGE)).isFalse();
        assertThat(readOnly.supports(AdminPermission.DELETE)).isFalse();
    }

    @Test
    void staffMayViewAndOnlyWhatIsGranted() {
        AdminResource<Account> resource = AdminResource.of(Account.class)
                .form("email")
                .staffCan(AdminPermission.CHANGE)
                .build();
        assertThat(resource.staffMay(AdminPermission.VIEW)).isTrue();
        assertThat(resource.staffMay(AdminPermission.CHANGE)).isTrue();
        assertThat(resource.staffMay(AdminPermission.ADD)).isFalse();
        assertThat(resource.staffMay(AdminPermission.DELETE)).isFalse();
    }

    @Test
    void formatsAndParsesMoneyInTheCurrencysMinorUnits() {
        assertThat(Money.format(900, "EUR", Locale.ENGLISH)).isEqualTo("€9.00");
        assertThat(Money.format(123456, "USD", Locale.ENGLISH)).isEqualTo("$1,234.56");
        assertThat(Money.format(500, "JPY", Locale.ENGLISH)).isEqualTo("¥500");
        assertThat(Money.parseMajor("9.5", "EUR")).isEqualTo(950);
        assertThat(Money.parseMajor("500", "JPY")).isEqualTo(500);
        assertThat(Money.toMajor(950, "EUR")).isEqualTo("9.50");
        assertThatThrownBy(() -> Money.parseMajor("9.999", "EUR")).isInstanceOf(ArithmeticException.class);
    }
}
