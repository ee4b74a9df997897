package dev.useboth.hotpath.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The connection pool: fixed size, read-only, with a statement timeout on every connection. */
public final class Database {

    private Database() {}

    public static HikariDataSource pool(HotPathConfig config) {
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
        hikari.setConnectionTimeout(3_000);
        hikari.addDataSourceProperty(
                "options", "-c statement_timeout=" + config.statementTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", "hot-path");
        return new HikariDataSource(hikari);
    }
}
