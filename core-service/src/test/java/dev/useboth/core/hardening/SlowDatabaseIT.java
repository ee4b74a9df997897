package dev.useboth.core.hardening;

import static dev.useboth.schema.testing.SteadyLoad.eventually;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
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
@Import(SlowDatabaseIT.ThroughTheProxy.class)
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

    static final TcpProxy PROXY = TcpProxy.to(TestDatabase.migrated().jdbcUrl());

    /** The core's role, through the proxy. */
    @TestConfiguration(proxyBeanMethods = false)
    @Import(TestUsers.class)
    static class ThroughTheProxy {
        @Bean
        JdbcConnectionDetails proxiedConnectionDetails() {
            return CoreTestDatabase.asCore(PROXY.jdbcUrl(TestDatabase.migrated().jdbcUrl()));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    TestUsers users;

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

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

        AtomicInteger maxWaiting = new AtomicInteger();
        HttpClient http = SteadyLoad.httpClient();
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
        long slowAt;
        long fastAt;
        long lockedAt;
        long unlockedAt;
        try {
            Thread.sleep(2_000); // steady state first
            slowAt = System.nanoTime();
            PROXY.latency(LATENCY);
            Thread.sleep(SLOW_PHASE);
            fastAt = System.nanoTime();
            PROXY.latency(Duration.ZERO);
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

        // Locked table: plans reads cut by the statement timeout; everything else goes on.
        for (Sample s : load.samples()) {
            if (!s.within(lockedAt + SETTLE.toNanos(), unlockedAt)) {
                continue;
            }
            if (plans.contains(s.client())) {
                suite.check(
                        "plans read on a locked table " + s.describe(origin),
                        s.problemDefect(503, 504) == null && s.latency().compareTo(STATEMENT_TIMEOUT.plus(MARGIN)) <= 0,
                        "expected 503 within the statement timeout, got " + s.status() + " in "
                                + s.latency().toMillis() + " ms");
            } else {
                suite.check("unaffected by the locked plans table " + s.describe(origin), s.ok(), s.body());
            }
        }
        suite.check(
                "every client answered while the table was locked",
                names.stream()
                        .allMatch(c -> load.samples(c).stream()
                                .anyMatch(s -> s.within(lockedAt + SETTLE.toNanos(), unlockedAt))),
                "a client got no answer while the table was locked");

        // Recovery, both times: 2xx again within seconds, without a restart.
        recovered(suite, load, names, fastAt, "the network is fast again");
        recovered(suite, load, plans, unlockedAt, "the lock is released");

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
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(uri("/api/v1/billing/plans")).build(),
                            HttpResponse.BodyHandlers.ofString());
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
                "[slow] core: %d answers, slowest %d ms, at most %d requests waiting for a connection%n",
                load.samples().size(),
                load.samples().stream()
                        .mapToLong(s -> s.latency().toMillis())
                        .max()
                        .orElse(0),
                maxWaiting.get());
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
                    "[slow] core %s: first 2xx %d ms after %s%n", client, (s.endNanos() - from) / 1_000_000, when));
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
