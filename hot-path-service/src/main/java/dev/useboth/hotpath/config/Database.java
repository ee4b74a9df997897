package dev.useboth.hotpath.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The connection pool: fixed size, read-only, with a statement timeout on every connection.
 *
 * <p>Its timeouts are the hot path's failure budget: a request waits at most the connection timeout
 * for a connection (database down: 503 after it, never a pile of waiting requests), PostgreSQL
 * cancels a query after the statement timeout, and the driver gives up on a connection that has
 * said nothing for the socket timeout (a silent network or a stalled database, which no server-side
 * timeout can end).
 */
public final class Database {

    private Database() {}

    public static HikariDataSource pool(HotPathConfig config) {
        return pool(config, null);
    }

    public static HikariDataSource pool(HotPathConfig config, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("hot-path");
        hikari.setJdbcUrl(config.databaseUrl());
        hikari.setUsername(config.databaseUser());
        hikari.setPassword(config.databasePassword());
        // A fixed-size pool: HikariCP's own advice, and what a benchmark should measure.
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(config.poolSize());
        hikari.setReadOnly(true);
        hikari.setAutoCommit(true);
        // Fail fast at start rather than on the first request.
        hikari.setInitializationFailTimeout(10_000);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        // A pooled connection idle for a moment is checked before use; on a slow network the check
        // must not eat the whole connection timeout.
        hikari.setValidationTimeout(Math.min(1_000, config.connectionTimeout().toMillis() / 2));
        hikari.addDataSourceProperty("options", options(config));
        hikari.addDataSourceProperty("socketTimeout", socketTimeout(config));
        hikari.addDataSourceProperty("ApplicationName", "hot-path");
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return new HikariDataSource(hikari);
    }

    /**
     * One connection outside the pool, for {@code LISTEN}: it lives as long as the listener, so it
     * must not hold a pooled connection hostage, and pgjdbc delivers notifications per connection.
     */
    public static Connection listenerConnection(HotPathConfig config) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", config.databaseUser());
        props.setProperty("password", config.databasePassword());
        props.setProperty("ApplicationName", "hot-path-listener");
        props.setProperty("options", options(config));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", socketTimeout(config));
        return DriverManager.getConnection(config.databaseUrl(), props);
    }

    private static String socketTimeout(HotPathConfig config) {
        return Long.toString(config.socketTimeout().toSeconds());
    }

    private static String options(HotPathConfig config) {
        return "-c statement_timeout=" + config.statementTimeout().toMillis();
    }

    /** Whether the database answers within a second (readiness). */
    public static boolean reachable(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            // The reason stays in the log, not in the response.
            LoggerFactory.getLogger(Database.class).warn("readiness: database unavailable: {}", e.getMessage());
            return false;
        }
    }
}
