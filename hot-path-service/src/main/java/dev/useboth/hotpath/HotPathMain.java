package dev.useboth.hotpath;

import com.zaxxer.hikari.HikariDataSource;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.hotpath.metrics.Metrics;
import dev.useboth.hotpath.schema.SchemaGuard;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, builds the pool, checks the schema, starts the app. */
public final class HotPathMain {

    private static final Logger log = LoggerFactory.getLogger(HotPathMain.class);

    private HotPathMain() {}

    public static void main(String[] args) {
        HotPathConfig config;
        Metrics metrics = null;
        HikariDataSource pool = null;
        try {
            config = HotPathConfig.fromEnvironment(System::getenv);
            metrics = new Metrics();
            pool = Database.pool(config, metrics.registry());
            String version = SchemaGuard.check(pool, SchemaGuard.requiredVersion());
            log.info("schema at version {} (this build needs {})", version, SchemaGuard.requiredVersion());
        } catch (Exception e) {
            // One line, no stack trace: these are configuration or deployment-order problems.
            System.err.println("hot-path: refusing to start: " + e.getMessage());
            if (pool != null) {
                pool.close();
            }
            System.exit(1);
            return;
        }

        HikariDataSource dataSource = pool;
        Metrics registry = metrics;
        HotPathApp app = HotPathApp.create(config, dataSource, metrics);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping: draining requests (up to {})", config.shutdownTimeout());
                            app.close();
                            dataSource.close();
                            registry.close();
                        },
                        "hot-path-shutdown"));
        app.start(config.port());
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info(
                "hot-path ready on port {} in {} ms from JVM start (cache {}, token cache {})",
                app.port(),
                sinceJvmStart,
                config.cacheEnabled() ? "on" : "off",
                config.tokenCacheEnabled() ? "on" : "off");
    }
}
