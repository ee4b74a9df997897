package dev.useboth.schema.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fault tests' proxy does what they rely on, on a real PostgreSQL connection. */
class TcpProxyTest {

    private static final TestDatabase DB = TestDatabase.migrated();

    @Test
    void forwardsQueries() throws SQLException {
        try (TcpProxy proxy = TcpProxy.to(DB.jdbcUrl());
                Connection c = connect(proxy)) {
            assertThat(one(c)).isEqualTo(1);
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void cutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws SQLException {
        try (TcpProxy proxy = TcpProxy.to(DB.jdbcUrl())) {
            Connection open = connect(proxy);
            proxy.cut();
            long start = System.nanoTime();
            assertThatThrownBy(() -> one(open)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(proxy)).isInstanceOf(SQLException.class);
            // Fails at once, as a vanished host with a live network would: no waiting for a timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            open.close();

            proxy.restore();
            try (Connection c = connect(proxy)) {
                assertThat(one(c)).isEqualTo(1);
            }
        }
    }

    @Test
    void latencyDelaysEveryRoundTripUntilRemoved() throws SQLException {
        try (TcpProxy proxy = TcpProxy.to(DB.jdbcUrl());
                Connection c = connect(proxy)) {
            proxy.latency(Duration.ofMillis(300));
            long start = System.nanoTime();
            one(c);
            // One round trip: the query out, the answer back, 300 ms each way.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));

            proxy.latency(Duration.ZERO);
            start = System.nanoTime();
            one(c);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
    }

    private static Connection connect(TcpProxy proxy) throws SQLException {
        return DriverManager.getConnection(
                proxy.jdbcUrl(DB.jdbcUrl()), TestDatabase.CORE_ROLE, TestDatabase.CORE_PASSWORD);
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
