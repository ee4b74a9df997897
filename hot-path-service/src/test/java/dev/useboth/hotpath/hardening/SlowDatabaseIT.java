package dev.useboth.hotpath.hardening;

import static dev.useboth.schema.testing.SteadyLoad.eventually;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.schema.testing.SteadyLoad;
import dev.useboth.schema.testing.SteadyLoad.Sample;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TcpProxy;
import dev.useboth.schema.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A slow database, two ways, under steady load. First the network: a TCP proxy between the hot
 * path and PostgreSQL delays every chunk by 3 s each way, beyond the socket timeout. Then the
 * database itself: a lock held on the table behind the invoices view makes every read wait, beyond
 * the statement timeout. Both times every request answers 503 problem+json within its budget, and
 * once the slowness ends the pool recovers by itself: 2xx again within seconds, no connection leaked.
 */
@Tag(SuiteSummary.SLOW)
class SlowDatabaseIT {

    /** The defaults of HOT_DB_CONNECTION_TIMEOUT_MS, HOT_DB_STATEMENT_TIMEOUT_MS and HOT_DB_SOCKET_TIMEOUT_SECONDS. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The longest a request may take: at most the connection timeout for a connection, then at most
     * the socket timeout for the answer.
     */
    static final Duration BUDGET = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT);
    /** For a loaded CI machine. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    /** Each way: a round trip takes 6 s, beyond the socket timeout. */
    static final Duration LATENCY = Duration.ofSeconds(3);

    static final Duration SETTLE = Duration.ofSeconds(1);
    /**
     * Long enough that every client, after finishing a request begun before the settle, sends and
     * gets back at least one more entirely inside the slow phase, even if both take the whole budget.
     */
    static final Duration SLOW_PHASE =
            SETTLE.plus(BUDGET.plus(MARGIN).multipliedBy(2)).plusSeconds(1);
    /** Likewise for reads cut by the statement timeout while a table is locked. */
    static final Duration LOCK_PHASE =
            SETTLE.plus(STATEMENT_TIMEOUT.plus(MARGIN).multipliedBy(2)).plusSeconds(1);
    /** HikariCP's retry backoff is capped at 5 s; 1 s more for the machine. */
    static final Duration RECOVERY = Duration.ofSeconds(6);

    static final int POOL_SIZE = 4;
    static final List<String> READERS = List.of("invoices-1", "invoices-2", "invoices-3");

    @Test
    void slowAnswersTurnInto503sWithinTheBudgetAndThePoolRecovers() throws Exception {
        SuiteSummary suite = SuiteSummary.named("slow-database hot-path");
        TestDatabase db = TestDatabase.migrated();
        UUID user = TestData.user();
        TestData.invoice(user, TestData.at("2026-03-01T00:00:00Z"), 1200);

        try (TcpProxy proxy = TcpProxy.to(db.jdbcUrl());
                TestApp hot = TestApp.start(Map.of(
                                "DATABASE_URL", proxy.jdbcUrl(db.jdbcUrl()),
                                "HOT_DB_POOL_SIZE", Integer.toString(POOL_SIZE),
                                "HOT_DB_CONNECTION_TIMEOUT_MS", Long.toString(CONNECTION_TIMEOUT.toMillis()),
                                "HOT_DB_STATEMENT_TIMEOUT_MS", Long.toString(STATEMENT_TIMEOUT.toMillis()),
                                "HOT_DB_SOCKET_TIMEOUT_SECONDS", Long.toString(SOCKET_TIMEOUT.toSeconds())))
                        .awaitListening()) {
            String token = hot.keys.token(user);
            HttpClient http = SteadyLoad.httpClient();
            List<SteadyLoad.Client> clients = new ArrayList<>();
            // Invoices are never cached: every request is a query on read_api.invoice_summaries.
            for (String reader : READERS) {
                clients.add(SteadyLoad.client(
                        reader,
                        n -> HttpRequest.newBuilder(hot.uri("/hot/v1/me/invoices"))
                                .header("Authorization", "Bearer " + token)
                                .build()));
            }
            clients.add(SteadyLoad.client(
                    "readiness",
                    n -> HttpRequest.newBuilder(hot.uri("/hot/health/ready")).build(),
                    Duration.ofMillis(200)));
            List<String> names = clients.stream().map(SteadyLoad.Client::name).toList();
            HikariPoolMXBean pool = hot.pool().getHikariPoolMXBean();
            AtomicInteger maxWaiting = new AtomicInteger();

            long slowAt;
            long fastAt;
            long lockedAt;
            long unlockedAt;
            SteadyLoad.warmUp(http, clients);
            SteadyLoad load = SteadyLoad.start(http, clients);
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxWaiting.accumulateAndGet(pool.getThreadsAwaitingConnection(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                Thread.sleep(2_000); // steady state first
                slowAt = System.nanoTime();
                proxy.latency(LATENCY);
                Thread.sleep(SLOW_PHASE);
                fastAt = System.nanoTime();
                proxy.latency(Duration.ZERO);
                load.awaitOk(names, fastAt, Duration.ofSeconds(20));
                Thread.sleep(1_000);

                // The database itself is slow: the table behind the view is locked (as a long
                // migration or a stuck transaction would), past the proxy.
                try (Connection owner = db.connectAsOwner();
                        Statement s = owner.createStatement()) {
                    owner.setAutoCommit(false);
                    s.execute("lock table invoices in access exclusive mode");
                    lockedAt = System.nanoTime();
                    Thread.sleep(LOCK_PHASE);
                    owner.rollback();
                    unlockedAt = System.nanoTime();
                }
                load.awaitOk(READERS, unlockedAt, Duration.ofSeconds(10));
                Thread.sleep(500);
            } finally {
                load.close();
                watcher.interrupt();
            }
            long origin = slowAt;

            // Every answer: a success or a clean 503 problem, and none beyond the budget.
            for (Sample s : load.samples()) {
                suite.check("answer " + s.describe(origin), () -> {
                    if (s.latency().compareTo(BUDGET.plus(MARGIN)) > 0) {
                        throw new AssertionError("took " + s.latency().toMillis() + " ms, over the budget of "
                                + BUDGET.toMillis() + " ms + " + MARGIN.toMillis() + " ms");
                    }
                    String defect = s.ok()
                            ? null
                            : s.client().equals("readiness")
                                    ? (s.status() == 503 ? null : "readiness answered " + s.status())
                                    : s.problemDefect(503, 504);
                    if (defect != null) {
                        throw new AssertionError(defect);
                    }
                });
            }

            // Slow network: every request sent and answered while it lasted failed, readiness DOWN.
            for (String client : names) {
                List<Sample> during = load.samples(client).stream()
                        .filter(s -> s.within(slowAt + SETTLE.toNanos(), fastAt))
                        .toList();
                suite.check(client + ": answered while the network was slow", !during.isEmpty(), "no answer");
                for (Sample s : during) {
                    suite.check(
                            client + " while the network is slow " + s.describe(origin),
                            !s.ok(),
                            "a 2xx through a network slower than the socket timeout");
                }
            }

            // Locked table: reads cut by the statement timeout; readiness UP (the database answers).
            for (Sample s : load.samples()) {
                if (!s.within(lockedAt + SETTLE.toNanos(), unlockedAt)) {
                    continue;
                }
                if (s.client().equals("readiness")) {
                    suite.check("readiness while a table is locked " + s.describe(origin), s.ok(), s.body());
                } else {
                    suite.check(
                            "read on a locked table " + s.describe(origin),
                            s.problemDefect(503, 504) == null
                                    && s.latency().compareTo(STATEMENT_TIMEOUT.plus(MARGIN)) <= 0,
                            "expected 503 within the statement timeout, got " + s.status() + " in "
                                    + s.latency().toMillis() + " ms");
                }
            }
            suite.check(
                    "reads answered while the table was locked",
                    READERS.stream()
                            .allMatch(r -> load.samples(r).stream()
                                    .anyMatch(s -> s.within(lockedAt + SETTLE.toNanos(), unlockedAt))),
                    "a reader got no answer while the table was locked");

            // Recovery, both times: 2xx again within seconds, without a restart.
            recovered(suite, load, names, fastAt, "the network is fast again");
            recovered(suite, load, READERS, unlockedAt, "the lock is released");

            suite.check(
                    "requests waiting for a connection stay bounded by the clients",
                    maxWaiting.get() <= clients.size(),
                    "max " + maxWaiting.get() + " waiting, " + clients.size() + " clients");
            suite.check(
                    "no connection leaked: none active once the load stops",
                    eventually(() -> pool.getActiveConnections() == 0, Duration.ofSeconds(3)),
                    pool.getActiveConnections() + " still active");
            // The pool is whole again: twice as many concurrent reads as connections, all served.
            List<Thread> burst = new ArrayList<>();
            AtomicInteger served = new AtomicInteger();
            for (int i = 0; i < POOL_SIZE * 2; i++) {
                burst.add(Thread.ofVirtual().start(() -> {
                    try {
                        HttpResponse<String> r = hot.get("/hot/v1/me/invoices", token);
                        if (r.statusCode() == 200) {
                            served.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not served
                    }
                }));
            }
            for (Thread t : burst) {
                t.join(Duration.ofSeconds(10));
            }
            suite.check(
                    "the pool serves a burst of " + POOL_SIZE * 2 + " concurrent reads afterwards",
                    served.get() == POOL_SIZE * 2,
                    served.get() + " served");
            System.out.printf(
                    "[slow] hot-path: %d answers, slowest %d ms, at most %d requests waiting for a connection%n",
                    load.samples().size(),
                    load.samples().stream()
                            .mapToLong(s -> s.latency().toMillis())
                            .max()
                            .orElse(0),
                    maxWaiting.get());
        }
        suite.finish();
    }

    private static void recovered(SuiteSummary suite, SteadyLoad load, List<String> clients, long from, String when) {
        for (String client : clients) {
            Optional<Sample> first = load.firstOk(client, from);
            suite.check(
                    client + ": 2xx again within " + RECOVERY.toSeconds() + " s after " + when,
                    first.isPresent() && first.get().endNanos() - from <= RECOVERY.toNanos(),
                    first.map(s -> "first 2xx " + (s.endNanos() - from) / 1_000_000 + " ms after")
                            .orElse("no 2xx at all"));
            first.ifPresent(s -> System.out.printf(
                    "[slow] hot-path %s: first 2xx %d ms after %s%n", client, (s.endNanos() - from) / 1_000_000, when));
        }
    }
}
