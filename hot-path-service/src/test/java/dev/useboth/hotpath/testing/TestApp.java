package dev.useboth.hotpath.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.useboth.hotpath.HotPathApp;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.hotpath.metrics.Metrics;
import dev.useboth.schema.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The hot path started for real on port 0, against the migrated test database (as the hot role)
 * and a JWKS served by {@link TestKeys}. {@link #shared()} is one per test JVM.
 */
public final class TestApp implements AutoCloseable {

    public final TestKeys keys;
    public final HotPathApp app;
    private final HikariDataSource pool;
    private final Metrics metrics;
    private final boolean ownsKeys;
    public final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestApp(TestKeys keys, boolean ownsKeys, Map<String, String> overrides) {
        this.keys = keys;
        this.ownsKeys = ownsKeys;
        Map<String, String> env = new HashMap<>();
        env.put("HOT_PORT", "0");
        env.put("DATABASE_URL", TestDatabase.migrated().jdbcUrl());
        env.put("HOT_DB_USER", TestDatabase.HOT_ROLE);
        env.put("HOT_DB_PASSWORD", TestDatabase.HOT_PASSWORD);
        env.put("HOT_DB_POOL_SIZE", "4");
        env.put("HOT_JWKS_URL", keys.jwksUrl());
        env.put("HOT_SSE_HEARTBEAT_MS", "200");
        env.put("HOT_SHUTDOWN_TIMEOUT_MS", "5000");
        env.putAll(overrides);
        HotPathConfig config = HotPathConfig.fromEnvironment(env::get);
        metrics = new Metrics();
        pool = Database.pool(config, metrics.registry());
        app = HotPathApp.create(config, pool, metrics).start(0);
    }

    public static TestApp start(Map<String, String> overrides) {
        return new TestApp(new TestKeys(), true, overrides);
    }

    public static TestApp shared() {
        return Shared.INSTANCE;
    }

    /** The app's connection pool (fault tests watch its waiting threads and active connections). */
    public HikariDataSource pool() {
        return pool;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the change listener is connected (it connects in the background). */
    public TestApp awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!app.listening()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the change listener did not connect within 10 s");
            }
            Thread.sleep(20);
        }
        return this;
    }

    @Override
    public void close() {
        app.close();
        pool.close();
        metrics.close();
        if (ownsKeys) {
            keys.close();
        }
    }

    private static final class Shared {
        static final TestApp INSTANCE = create();

        private static TestApp create() {
            TestApp app = new TestApp(new TestKeys(), true, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stop-test-app"));
            return app;
        }
    }
}
