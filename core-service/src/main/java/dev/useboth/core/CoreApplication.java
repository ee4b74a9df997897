package dev.useboth.core;

import dev.useboth.core.auth.CreateAdminCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The core: users, auth, billing and the admin panel. Each direct sub-package is a feature
 * module that owns its web, service and persistence code. The schema is owned by
 * shared-schema's migrate job; this application only validates it.
 *
 * <p>{@code create-admin --email ...} as the first argument creates an administrator and exits
 * (see {@link CreateAdminCommand}).
 */
@SpringBootApplication
public class CoreApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CreateAdminCommand.NAME)) {
            System.exit(CreateAdminCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out));
        }
        SpringApplication.run(CoreApplication.class, args);
    }
}
