package dev.useboth.core.hardening;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.schema.testing.FaultChecks;
import dev.useboth.schema.testing.FaultChecks.PoolWatch;
import dev.useboth.schema.testing.SteadyLoad;
import dev.useboth.schema.testing.SteadyLoad.Sample;
import dev.useboth.schema.testing.SuiteSummary;
import dev.useboth.schema.testing.TcpProxy;
import dev.useboth.schema.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A slow database, two ways, under steady load. First the network: a TCP proxy between the core
 * and PostgreSQL delays every chunk by 2 s each way, beyond the socket timeout. Then the database
 * itself: a lock held on the plans table makes every plans read wait, beyond the statement timeout,
 * while the routes that do not need that table go on. Both times the requests concerned answer 503
 * problem+json within their budget; once the slowness ends the pool recovers by itself: 2xx again
 * within seconds, no connection leaked.
 *
 * <p>The budget is set through the same variables as in production, shorter than their defaults
 * (3000 ms, 5000 ms and 10 s) so that the suite stays short.
 */
@Tag(SuiteSummary.SLOW)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.hikari.maximum-pool-size=" + SlowDatabaseIT.POOL_SIZE,
            "CORE_DB_CONNECTION_TIMEOUT_MS=3000",
            "CORE_DB_STATEMENT_TIMEOUT_MS=2000",
            "CORE_DB_SOCKET_TIMEOUT_SECONDS=3"
        })
@Import(ThroughAProxy.class)
@DirtiesContext
class SlowDatabaseIT {

    static final int POOL_SIZE = 4;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    /**
     * The longest a request may take: at most the connection timeout for a connection, then at most
     * the socket timeout for the first answer (every answer is slower than that here).
     */
    static final Duration BUDGET = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT);
    /** The pool's 1 s check of an idle connection, and a loaded CI machine. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    /** Each way: a round trip takes 4 s, beyond the socket timeout. */
    static final Duration LATENCY = Duration.ofSeconds(2);

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

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    TestUsers users;

    @Autowired
    TcpProxy proxy;

    @Test
    void slowAnswersTurnInto503sWithinTheBudgetAndThePoolRecovers() throws Exception {
        SuiteSummary suite = SuiteSummary.named("slow-database core");
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        TestUsers.TestUser alice = users.create(Role.USER);

        List<SteadyLoad.Client> clients = new ArrayList<>();
        List<String> plans = List.of("plans-1", "plans-2");
        for (String name : plans) {
            clients.add(SteadyLoad.client(
                    name,
                    n -> HttpRequest.newBuilder(uri("/api/v1/billing/plans")).build()));
        }
        clients.add(SteadyLoad.client(
                "me",
                n -> HttpRequest.newBuilder(uri("/api/v1/me"))
                        .header("Authorization", alice.bearer())
                        .build()));
        clients.add(SteadyLoad.client(
                "rename",
                n -> HttpRequest.newBuilder(uri("/api/v1/me"))
                        .header("Authorization", alice.bearer())
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Slow " + n + "\"}"))
                        .build()));
        clients.add(SteadyLoad.client(
                "readiness",
                n -> HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                Duration.ofMillis(200)));
        List<String> names = clients.stream().map(SteadyLoad.Client::name).toList();

        HttpClient http = SteadyLoad.httpClient();
        SteadyLoad.warmUp(http, clients);
        SteadyLoad load = SteadyLoad.start(http, clients);
        PoolWatch watch = PoolWatch.start(pool::getThreadsAwaitingConnection, pool::getActiveConnections);
        long slowAt;
        long fastAt;
        long lockedAt;
        long unlockedAt;
        try {
            Thread.sleep(2_000); // steady state first
            slowAt = System.nanoTime();
            proxy.latency(LATENCY);
            Thread.sleep(SLOW_PHASE);
            fastAt = System.nanoTime();
            proxy.latency(Duration.ZERO);
            load.awaitOk(names, fastAt, Duration.ofSeconds(20));
            Thread.sleep(1_000);

            // The database itself is slow: the plans table is locked (as a long migration or a stuck
            // transaction would), past the proxy.
            try (Connection owner = TestDatabase.migrated().connectAsOwner();
                    Statement s = owner.createStatement()) {
                owner.setAutoCommit(false);
                s.execute("lock table plans in access exclusive mode");
                lockedAt = System.nanoTime();
                Thread.sleep(LOCK_PHASE);
                owner.rollback();
                unlockedAt = System.nanoTime();
            }
            load.awaitOk(plans, unlockedAt, Duration.ofSeconds(10));
            Thread.sleep(500);
        } finally {
            load.close();
            watch.close();
        }
        long origin = slowAt;
        FaultChecks checks = new FaultChecks(suite, load, origin, "[slow] core");

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

        // Locked table: plans reads cut by the statement timeout; everything else goes on.
        long lockedFrom = lockedAt + SETTLE.toNanos();
        checks.during(
                plans,
                lockedFrom,
                unlockedAt,
                "while the plans table was locked",
                s -> s.problemDefect(503, 504) == null && s.latency().compareTo(STATEMENT_TIMEOUT.plus(MARGIN)) <= 0,
                "expected 503 within the statement timeout");
        checks.during(
                names.stream().filter(n -> !plans.contains(n)).toList(),
                lockedFrom,
                unlockedAt,
                "while the plans table was locked",
                Sample::ok,
                "expected a 2xx, unaffected by the lock");

        // Recovery, both times: 2xx again within seconds, without a restart.
        checks.recovered(names, fastAt, RECOVERY, "the network is fast again");
        checks.recovered(plans, unlockedAt, RECOVERY, "the lock is released");

        checks.poolHeld(watch, clients.size(), POOL_SIZE);

        // The pool is whole again: twice as many concurrent reads as connections, all served.
        checks.servesBurst(
                POOL_SIZE * 2,
                () -> http.send(
                                HttpRequest.newBuilder(uri("/api/v1/billing/plans"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
        suite.finish();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
