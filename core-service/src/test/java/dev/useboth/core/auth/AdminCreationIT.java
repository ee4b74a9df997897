package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.common.AuthProperties;
import dev.useboth.schema.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The first administrator from the environment, and the create-admin command. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class AdminCreationIT {

    @LocalServerPort
    int port;

    @Autowired
    AdminAccounts admins;

    @Autowired
    UserRepository users;

    @Test
    void createsTheFirstAdministratorWhenNoneExistsAndOnlyThen() {
        // A database of its own: the shared one has administrators from other tests.
        TestDatabase fresh = TestDatabase.empty().migrate();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CreateAdminCommand.Context.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.datasource.url=" + fresh.jdbcUrl(),
                        "--spring.datasource.username=" + TestDatabase.CORE_ROLE,
                        "--spring.datasource.password=" + TestDatabase.CORE_PASSWORD)) {
            AdminAccounts freshAdmins = context.getBean(AdminAccounts.class);
            UserRepository freshUsers = context.getBean(UserRepository.class);
            assertThat(freshAdmins.anyAdmin()).isFalse();

            new FirstAdmin(freshAdmins, withFirstAdmin("root@example.test")).run(new DefaultApplicationArguments());

            User admin = freshUsers.findByEmail("root@example.test").orElseThrow();
            assertThat(admin.getRoles()).containsExactlyInAnyOrder(Role.USER, Role.STAFF, Role.ADMIN);
            assertThat(admin.isEmailVerified()).isTrue();
            assertThat(admin.getPasswordHash()).startsWith("{argon2}");

            // Once an administrator exists, the variables are ignored (a restart creates nobody).
            new FirstAdmin(freshAdmins, withFirstAdmin("second@example.test")).run(new DefaultApplicationArguments());
            assertThat(freshUsers.findByEmail("second@example.test")).isEmpty();
        }
    }

    @Test
    void stopsTheStartOnAWeakFirstAdministratorPassword() {
        TestDatabase fresh = TestDatabase.empty().migrate();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CreateAdminCommand.Context.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.datasource.url=" + fresh.jdbcUrl(),
                        "--spring.datasource.username=" + TestDatabase.CORE_ROLE,
                        "--spring.datasource.password=" + TestDatabase.CORE_PASSWORD)) {
            var weak = withFirstAdmin("root@example.test", "admin");
            FirstAdmin firstAdmin = new FirstAdmin(context.getBean(AdminAccounts.class), weak);

            assertThatThrownBy(() -> firstAdmin.run(new DefaultApplicationArguments()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("FIRST_ADMIN_EMAIL/FIRST_ADMIN_PASSWORD refused");
        }
    }

    static AuthProperties withFirstAdmin(String email) {
        return withFirstAdmin(email, "marble-kestrel-4412");
    }

    static AuthProperties withFirstAdmin(String email, String password) {
        AuthProperties defaults = JwtKeysTest.properties(null, null, null);
        return new AuthProperties(
                defaults.jwt(),
                defaults.refreshTokenTtl(),
                defaults.verifyEmailTtl(),
                defaults.passwordResetTtl(),
                defaults.throttle(),
                new AuthProperties.FirstAdmin(email, password, "Root"));
    }

    @Test
    void refusesAWeakFirstAdministratorPassword() {
        var result = admins.create("weak-" + UUID.randomUUID() + "@example.test", "admin123", "Root");

        assertThat(result).isInstanceOf(AdminAccounts.Result.Invalid.class);
        assertThat(((AdminAccounts.Result.Invalid) result).problems())
                .contains("password: must be at least 12 characters long");
    }

    @Test
    void theCommandCreatesAnAdministratorWithThePasswordFromStandardInput() {
        String email = "cli-" + UUID.randomUUID() + "@example.test";
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int status = CreateAdminCommand.run(
                new String[] {
                    "--email",
                    email,
                    "--name",
                    "Cli Admin",
                    "--spring.datasource.url=" + TestDatabase.migrated().jdbcUrl(),
                    "--spring.datasource.username=" + TestDatabase.CORE_ROLE,
                    "--spring.datasource.password=" + TestDatabase.CORE_PASSWORD
                },
                new ByteArrayInputStream("copper-falcon-9034\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(output.toString(StandardCharsets.UTF_8)).contains("created administrator " + email);
        assertThat(status).isZero();
        User admin = users.findByEmail(email).orElseThrow();
        assertThat(admin.getRoles()).contains(Role.ADMIN, Role.STAFF);
        assertThat(admin.getDisplayName()).isEqualTo("Cli Admin");
        BrowserSession.signIn("http://localhost:" + port, email, "copper-falcon-9034");
    }

    @Test
    void theCommandRefusesBadUsageAndWeakPasswords() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

        assertThat(CreateAdminCommand.run(new String[] {}, new ByteArrayInputStream(new byte[0]), out))
                .isEqualTo(2);
        assertThat(CreateAdminCommand.run(
                        new String[] {"--email", "a@example.test"}, new ByteArrayInputStream(new byte[0]), out))
                .isEqualTo(2);
        assertThat(CreateAdminCommand.run(
                        new String[] {
                            "--email",
                            "weak-cli@example.test",
                            "--spring.datasource.url=" + TestDatabase.migrated().jdbcUrl(),
                            "--spring.datasource.username=" + TestDatabase.CORE_ROLE,
                            "--spring.datasource.password=" + TestDatabase.CORE_PASSWORD
                        },
                        new ByteArrayInputStream("password\n".getBytes(StandardCharsets.UTF_8)),
                        out))
                .isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("password: is too common");
        assertThat(users.findByEmail("weak-cli@example.test")).isEmpty();
    }
}
