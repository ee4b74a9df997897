package dev.useboth.core.auth;

import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code java -jar core-service.jar create-admin --email admin@example.com [--name "Ada"]}: creates
 * an administrator with the password read from standard input (never from the command line, which
 * other users of the machine can see), then exits without starting the web server. Uses the same
 * database settings as the service. Exit status 0 when created, 1 when refused, 2 on bad usage.
 */
public final class CreateAdminCommand {

    public static final String NAME = "create-admin";

    private CreateAdminCommand() {}

    public static int run(String[] args, InputStream in, PrintStream out) {
        String email = null;
        String name = "Administrator";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--email" -> email = i + 1 < args.length ? args[++i] : null;
                case "--name" -> name = i + 1 < args.length ? args[++i] : null;
                default -> {
                    if (!args[i].startsWith("--spring.")) {
                        return usage(out, "unknown argument " + args[i]);
                    }
                }
            }
        }
        if (email == null || name == null || name.isBlank()) {
            return usage(out, "--email is required");
        }
        String password;
        try {
            password = readPassword(in, out);
        } catch (IOException e) {
            out.println("create-admin: cannot read the password: " + e.getMessage());
            return 2;
        }
        if (password == null || password.isEmpty()) {
            return usage(out, "no password on standard input");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
                .run(args)) {
            AdminAccounts admins = context.getBean(AdminAccounts.class);
            return switch (admins.create(email, password, name)) {
                case AdminAccounts.Result.Created created -> {
                    out.println("create-admin: created administrator "
                            + created.user().getEmail() + " (" + created.user().getId() + ")");
                    yield 0;
                }
                case AdminAccounts.Result.AlreadyExists exists -> {
                    out.println("create-admin: an account with the email "
                            + exists.user().getEmail() + " already exists");
                    yield 1;
                }
                case AdminAccounts.Result.Invalid invalid -> {
                    invalid.problems().forEach(problem -> out.println("create-admin: " + problem));
                    yield 1;
                }
            };
        }
    }

    private static String readPassword(InputStream in, PrintStream out) throws IOException {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] typed = console.readPassword("Password: ");
            char[] again = console.readPassword("Password (again): ");
            if (typed == null || again == null || !String.valueOf(typed).equals(String.valueOf(again))) {
                out.println("create-admin: the passwords do not match");
                return null;
            }
            return String.valueOf(typed);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }

    private static int usage(PrintStream out, String problem) {
        out.println("create-admin: " + problem);
        out.println("usage: java -jar core-service.jar create-admin --email <email> [--name <display name>]"
                + " < password-file");
        return 2;
    }

    /**
     * Just the database, the users and the password rules: no web server, no keys, no mail. Not a
     * {@code @Configuration}, so that the application's component scan never picks it up.
     */
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = User.class)
    @EnableJpaRepositories(basePackageClasses = UserRepository.class)
    static class Context {

        @Bean
        PasswordEncoder passwordEncoder() {
            return SecurityConfig.passwords();
        }

        @Bean
        PasswordPolicy passwordPolicy() {
            return new PasswordPolicy();
        }

        @Bean
        AdminAccounts adminAccounts(UserRepository users, PasswordEncoder encoder, PasswordPolicy policy) {
            return new AdminAccounts(users, encoder, policy);
        }
    }
}
