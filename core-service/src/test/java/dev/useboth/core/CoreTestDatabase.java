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
        TestDatabase db = TestDatabase.migrated();
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
                return db.jdbcUrl();
            }
        };
    }
}
