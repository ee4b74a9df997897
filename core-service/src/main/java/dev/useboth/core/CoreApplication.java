package dev.useboth.core;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The core: users, auth, billing and the admin panel. Each direct sub-package is a feature
 * module that owns its web, service and persistence code. The schema is owned by
 * shared-schema's migrate job; this application only validates it.
 */
@SpringBootApplication
public class CoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(CoreApplication.class, args);
    }
}
