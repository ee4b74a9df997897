package dev.useboth.hotpath.hardening;

import static dev.useboth.schema.testing.SteadyLoad.eventually;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.schema.testing.FaultChecks;
import dev.useboth.schema.testing.FaultChecks.PoolWatch;
import dev.useboth.schema.testing.SteadyLoad;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TcpProxy;
import dev.useboth.schema.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database goes away for 12 seconds under steady load (a TCP proxy between the hot path and
 * PostgreSQL is cut, every connection reset), then comes back. Meanwhile readiness says DOWN and
 * every read answers 503 problem+json within the pool's connection timeout, with no pile-up of
 * waiting requests; afterwards the hot path serves again within 5 s without a restart, and its
 * LISTEN connection is back: a change committed after the outage reaches the cache and an open
 * event stream.
 */
@Tag(SuiteSummary.SLOW)
class DatabaseOutageIT {

    /** HOT_DB_CONNECTION_TIMEOUT_MS's default: how long a request may wait for a connection. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** For a loaded CI machine: scheduling, the pool's validation, the answer itself. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    /**
     * Serving again: HikariCP retries a failed connection with a backoff that doubles up to 5 s, so
     * the first new connection may come up to 5 s after the database is back; 1 s more for the machine.
     */
    static final Duration RECOVERY = Duration.ofSeconds(5);

    static final Duration RECOVERY_MARGIN = Duration.ofSeconds(1);
    /** Requests sent in the first moment of the cut may still be answered from a cache. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /**
     * Long enough that every client, after finishing a request begun before the settle, sends and
     * gets back at least one more entirely inside the cut, even if both take the whole budget.
     */
    static final Duration OUTAGE =
            SETTLE.plus(CONNECTION_TIMEOUT.plus(MARGIN).multipliedBy(2)).plusSeconds(1);

    static final int CLIENTS_PER_ROUTE = 2;
    static final int POOL_SIZE = 4;

    @Test
    void readsFailFastWhileTheDatabaseIsGoneAndRecoverWithoutARestart() throws Exception {
        SuiteSummary suite = SuiteSummary.named("database-outage hot-path");
        TestDatabase db = TestDatabase.migrated();
        TestData.plan("outage-a", 100, "seats", 1L);
        TestData.plan("outage-b", 200, "seats", 2L);
        UUID user = TestData.user();
        UUID subscription = TestData.subscribe(user, "outage-a");

        try (TcpProxy proxy = TcpProxy.to(db.jdbcUrl());
                TestApp hot = TestApp.start(Map.of(
                                "DATABASE_URL", proxy.jdbcUrl(db.jdbcUrl()),
                                "HOT_DB_POOL_SIZE", Integer.toString(POOL_SIZE),
                                "HOT_DB_CONNECTION_TIMEOUT_MS", Long.toString(CONNECTION_TIMEOUT.toMillis())))
                        .awaitListening()) {
            String token = hot.keys.token(user);
            HttpClient http = SteadyLoad.httpClient();
            List<SteadyLoad.Client> clients = new java.util.ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_ROUTE; i++) {
                clients.add(SteadyLoad.client(
                        "plans",
                        n -> HttpRequest.newBuilder(hot.uri("/hot/v1/plans")).build()));
                clients.add(SteadyLoad.client(
                        "entitlements",
                        n -> HttpRequest.newBuilder(hot.uri("/hot/v1/me/entitlements"))
                                .header("Authorization", "Bearer " + token)
                                .build()));
            }
            clients.add(SteadyLoad.client(
                    "readiness",
                    n -> HttpRequest.newBuilder(hot.uri("/hot/health/ready")).build(),
                    Duration.ofMillis(200)));
            List<String> names = List.of("plans", "entitlements", FaultChecks.READINESS);
            HikariPoolMXBean pool = hot.pool().getHikariPoolMXBean();

            long cutAt;
            long restoredAt;
            long connectsBefore = hot.app.changeListener().connects();
            SteadyLoad.warmUp(http, clients);
            SteadyLoad load = SteadyLoad.start(http, clients);
            PoolWatch watch = PoolWatch.start(pool::getThreadsAwaitingConnection, pool::getActiveConnections);
            try {
                Thread.sleep(2_000); // steady state first
                cutAt = System.nanoTime();
                proxy.cut();
                Thread.sleep(OUTAGE);
                restoredAt = System.nanoTime();
                proxy.restore();
                load.awaitOk(names, restoredAt, Duration.ofSeconds(20));
                Thread.sleep(500); // a few more answers after the recovery
            } finally {
                load.close();
                watch.close();
            }
            FaultChecks checks = new FaultChecks(suite, load, cutAt, "[outage] hot-path");

            // Failures fail fast: every answer that is not a success is a clean 503 within the budget,
            // and no request waits longer than that while the database is gone.
            checks.answersWithin(CONNECTION_TIMEOUT.plus(MARGIN), true, 503);
            checks.noHang(cutAt, restoredAt, CONNECTION_TIMEOUT.plus(MARGIN));

            // During the outage: readiness reports the database DOWN and every read is a 503 (none
            // served from a stale cache).
            checks.during(
                    names,
                    cutAt + SETTLE.toNanos(),
                    restoredAt,
                    "during the outage",
                    s -> s.status() == 503
                            && (!s.client().equals(FaultChecks.READINESS)
                                    || s.body().contains("\"database\":\"DOWN\"")),
                    "expected 503");

            // After: every route answers 2xx again within 5 s of the database coming back.
            checks.recovered(names, restoredAt, RECOVERY.plus(RECOVERY_MARGIN), "the restore");

            // No pile-up: at most one waiting request per client, never more connections than the
            // pool, and none leaked by the failed requests.
            checks.poolHeld(watch, clients.size(), POOL_SIZE);

            // The LISTEN connection is back, and a change after the outage goes all the way through.
            boolean reconnected = eventually(
                    () -> hot.app.listening() && hot.app.changeListener().connects() > connectsBefore,
                    Duration.ofSeconds(10));
            suite.check("the change listener reconnected", reconnected, "still not listening");
            if (reconnected) {
                changeReachesTheCacheAndAnOpenStream(suite, hot, token, subscription);
            }
        }
        suite.finish();
    }

    private static void changeReachesTheCacheAndAnOpenStream(
            SuiteSummary suite, TestApp hot, String token, UUID subscription) throws Exception {
        // Cached again (the listener is trusted) ...
        suite.check(
                "entitlements read before the change",
                hot.get("/hot/v1/me/entitlements", token).body().contains("outage-a"),
                "not on plan outage-a");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> stream = hot.http.send(
                HttpRequest.newBuilder(hot.uri("/hot/v1/me/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed below
            }
        });
        try {
            suite.check("event stream opens", awaitLine(lines, ": connected", Duration.ofSeconds(3)), "no greeting");
            // ... then a commit by the core (here: as the core's role, straight to the database).
            TestData.changePlan(subscription, "outage-b");
            suite.check(
                    "the change reaches the open event stream",
                    awaitLine(lines, l -> l.startsWith("data:") && l.contains("outage-b"), Duration.ofSeconds(3)),
                    "no entitlements event with plan outage-b within 3 s");
            suite.check(
                    "the change invalidates the cached entitlements",
                    eventually(
                            () -> {
                                try {
                                    return hot.get("/hot/v1/me/entitlements", token)
                                            .body()
                                            .contains("outage-b");
                                } catch (Exception e) {
                                    return false;
                                }
                            },
                            Duration.ofSeconds(2)),
                    "still the old plan");
        } finally {
            stream.body().close();
            reader.interrupt();
        }
    }

    private static boolean awaitLine(BlockingQueue<String> lines, String expected, Duration timeout)
            throws InterruptedException {
        return awaitLine(lines, expected::equals, timeout);
    }

    private static boolean awaitLine(
            BlockingQueue<String> lines, java.util.function.Predicate<String> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && expected.test(line)) {
                return true;
            }
        }
        return false;
    }
}
