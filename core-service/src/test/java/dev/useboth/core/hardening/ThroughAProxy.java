package dev.useboth.core.hardening;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.schema.testing.TcpProxy;
import dev.useboth.schema.testing.TestDatabase;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * For the fault suites: the core's role reaches the test PostgreSQL through a {@link TcpProxy} that
 * the test can cut or slow down ({@code @Autowired TcpProxy proxy}). The proxy is a bean, closed
 * with the context after the pool that uses it.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestUsers.class)
class ThroughAProxy {

    @Bean
    TcpProxy databaseProxy() {
        return TcpProxy.to(TestDatabase.migrated().jdbcUrl());
    }

    @Bean
    JdbcConnectionDetails proxiedConnectionDetails(TcpProxy proxy) {
        return CoreTestDatabase.asCore(proxy.jdbcUrl(TestDatabase.migrated().jdbcUrl()));
    }
}
