package dev.useboth.core;

import dev.useboth.core.auth.TestUsers;
import dev.useboth.schema.testing.TestDatabase;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Connects the core, in tests, to the shared migrated test database as the core's own
 * least-privileged role: the service connection that {@code @ServiceConnection} would
 * build, but with the application's credentials rather than the container's superuser.
 * Also brings {@link TestUsers} (real users and access tokens) to every such test.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestUsers.class)
public class CoreTestDatabase {

    @Bean
    JdbcConnectionDetails coreConnectionDetails() {
        return asCore(TestDatabase.migrated().jdbcUrl());
    }

    /**
     * The core's role on another URL to the same database: fault tests put a proxy in between
     * ({@code TcpProxy}) and declare this as their {@code JdbcConnectionDetails} bean instead.
     */
    public static JdbcConnectionDetails asCore(String jdbcUrl) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return TestDatabase.CORE_ROLE;
            }

            @Override
            public String getPassword() {
                return TestDatabase.CORE_PASSWORD;
            }

            @Override
            public String getJdbcUrl() {
                return jdbcUrl;
            }
        };
    }
}
