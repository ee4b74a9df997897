package dev.useboth.hotpath.hardening;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.schema.testing.FaultChecks;
import dev.useboth.schema.testing.FaultChecks.PoolWatch;
import dev.useboth.schema.testing.SteadyLoad;
import dev.useboth.schema.testing.SteadyLoad.Sample;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TcpProxy;
import dev.useboth.schema.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

            long slowAt;
            long fastAt;
            long lockedAt;
            long unlockedAt;
            SteadyLoad.warmUp(http, clients);
            SteadyLoad load = SteadyLoad.start(http, clients);
            PoolWatch watch = PoolWatch.start(pool::getThreadsAwaitingConnection, pool::getActiveConnections);
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
                watch.close();
            }
            long origin = slowAt;
            FaultChecks checks = new FaultChecks(suite, load, origin, "[slow] hot-path");

            // Every answer: a success or a clean 503 problem, and none beyond the budget.
            checks.answersWithin(BUDGET.plus(MARGIN), false, 503, 504);

            // Slow network: every request sent and answered while it lasted failed, readiness DOWN.
            checks.during(
                    names,
                    slowAt + SETTLE.toNanos(),
                    fastAt,
                    "while the network was slow",
                    s -> !s.ok(),
                    "expected a failure through a network slower than the socket timeout");

            // Locked table: reads cut by the statement timeout; readiness UP (the database answers).
            long lockedFrom = lockedAt + SETTLE.toNanos();
            checks.during(
                    READERS,
                    lockedFrom,
                    unlockedAt,
                    "while the invoices table was locked",
                    s -> s.problemDefect(503, 504) == null
                            && s.latency().compareTo(STATEMENT_TIMEOUT.plus(MARGIN)) <= 0,
                    "expected 503 within the statement timeout");
            checks.during(
                    List.of(FaultChecks.READINESS),
                    lockedFrom,
                    unlockedAt,
                    "while the invoices table was locked",
                    Sample::ok,
                    "expected UP: the database answers");

            // Recovery, both times: 2xx again within seconds, without a restart.
            checks.recovered(names, fastAt, RECOVERY, "the network is fast again");
            checks.recovered(READERS, unlockedAt, RECOVERY, "the lock is released");

            checks.poolHeld(watch, clients.size(), POOL_SIZE);

            // The pool is whole again: twice as many concurrent reads as connections, all served.
            checks.servesBurst(
                    POOL_SIZE * 2, () -> hot.get("/hot/v1/me/invoices", token).statusCode());
        }
        suite.finish();
    }
}
