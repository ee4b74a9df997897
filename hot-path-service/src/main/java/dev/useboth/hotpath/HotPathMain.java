package dev.useboth.hotpath;

import com.zaxxer.hikari.HikariDataSource;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.hotpath.schema.SchemaGuard;
import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, builds the pool, checks the schema, starts the app. */
public final class HotPathMain {

    private static final Logger log = LoggerFactory.getLogger(HotPathMain.class);

    private HotPathMain() {}

    public static void main(String[] args) {
        HotPathConfig config;
        HikariDataSource pool = null;
        try {
            config = HotPathConfig.fromEnvironment(System::getenv);
            pool = Database.pool(config);
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
        Javalin app = HotPathApp.create(dataSource, config.shutdownTimeout());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping: draining requests (up to {})", config.shutdownTimeout());
                            app.stop();
                            dataSource.close();
                        },
                        "hot-path-shutdown"));
        app.start(config.port());
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("hot-path ready on port {} in {} ms from JVM start", app.port(), sinceJvmStart);
    }
}
