package dev.useboth.schema.testing;

import dev.useboth.schema.testing.SteadyLoad.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The checks both services' fault suites (database outage, slow database) make on the answers of a
 * {@link SteadyLoad}, each answer a case of the {@link SuiteSummary}. A client named
 * {@value #READINESS} is the readiness probe: it answers 503 with a plain health body, not a
 * problem.
 *
 * <pre>{@code
 * var checks = new FaultChecks(suite, load, cutAt, "[outage] core");
 * checks.answersWithin(budget, true, 503);
 * checks.during(names, from, restoredAt, "during the outage", s -> s.status() == 503, "expected 503");
 * checks.recovered(names, restoredAt, bound, "the restore");
 * }</pre>
 */
public final class FaultChecks {

    public static final String READINESS = "readiness";

    private final SuiteSummary suite;
    private final SteadyLoad load;
    private final long origin;
    private final String tag;

    /**
     * @param origin the moment the fault began, from which case names give times
     * @param tag the start of the lines printed for the log, e.g. {@code "[outage] core"}
     */
    public FaultChecks(SuiteSummary suite, SteadyLoad load, long origin, String tag) {
        this.suite = suite;
        this.load = load;
        this.origin = origin;
        this.tag = tag;
    }

    /**
     * Every answer (or, with {@code failuresOnly}, every answer that is not a 2xx) came within
     * {@code budget}, and every failure is a clean problem with one of {@code statuses}.
     */
    public void answersWithin(Duration budget, boolean failuresOnly, int... statuses) {
        for (Sample s : load.samples()) {
            if (failuresOnly && s.ok()) {
                continue;
            }
            suite.check((failuresOnly ? "failure " : "answer ") + s.describe(origin), () -> {
                if (s.latency().compareTo(budget) > 0) {
                    throw new AssertionError(
                            "took " + s.latency().toMillis() + " ms, over the budget of " + budget.toMillis() + " ms");
                }
                String defect = s.ok()
                        ? null
                        : s.client().equals(READINESS)
                                ? (s.status() == 503 ? null : "readiness answered " + s.status() + ": " + s.body())
                                : s.problemDefect(statuses);
                if (defect != null) {
                    throw new AssertionError(defect);
                }
            });
        }
    }

    /**
     * No request waited longer than {@code budget} inside {@code [from, to]} (a request still
     * waiting when the fault ends may then be served, and that is fine).
     */
    public void noHang(long from, long to, Duration budget) {
        for (Sample s : load.samples()) {
            if (s.endNanos() > from && s.startNanos() < to) {
                long waited = Math.min(s.endNanos(), to) - Math.max(s.startNanos(), from);
                suite.check(
                        "no hang in the fault " + s.describe(origin),
                        waited <= budget.toNanos(),
                        "waited " + waited / 1_000_000 + " ms while the fault lasted");
            }
        }
    }

    /**
     * Each client had at least one request sent and answered inside {@code [from, to]}, and each
     * of those is {@code expected}.
     *
     * @param phase completes the case names, e.g. {@code "during the outage"}
     */
    public void during(
            List<String> clients, long from, long to, String phase, Predicate<Sample> expected, String expectation) {
        for (String client : clients) {
            List<Sample> inside = load.samples(client).stream()
                    .filter(s -> s.within(from, to))
                    .toList();
            suite.check(client + ": answered " + phase, !inside.isEmpty(), "no request sent and answered " + phase);
            for (Sample s : inside) {
                suite.check(
                        client + " " + phase + " " + s.describe(origin),
                        expected.test(s),
                        expectation + ", got " + s.status() + " in "
                                + s.latency().toMillis() + " ms: " + s.body());
            }
        }
    }

    /** Each client had a 2xx again at most {@code bound} after {@code from}; prints how soon. */
    public void recovered(List<String> clients, long from, Duration bound, String after) {
        for (String client : clients) {
            Optional<Sample> first = load.firstOk(client, from);
            suite.check(
                    client + ": 2xx again within " + bound.toMillis() + " ms after " + after,
                    first.isPresent() && first.get().endNanos() - from <= bound.toNanos(),
                    first.map(s -> "first 2xx " + (s.endNanos() - from) / 1_000_000 + " ms after")
                            .orElse("no 2xx at all"));
            first.ifPresent(s -> System.out.printf(
                    "%s %s: first 2xx %d ms after %s%n", tag, client, (s.endNanos() - from) / 1_000_000, after));
        }
    }

    /**
     * No pile-up: at most one request per client waited for a connection, never more connections
     * were active than the pool holds, and none is left active once the load has stopped.
     */
    public void poolHeld(PoolWatch pool, int clients, int poolSize) throws InterruptedException {
        suite.check(
                "requests waiting for a connection stay bounded by the clients",
                pool.maxWaiting() <= clients,
                "max " + pool.maxWaiting() + " waiting, " + clients + " clients");
        suite.check(
                "active connections stay within the pool",
                pool.maxActive() <= poolSize,
                "max " + pool.maxActive() + " active, pool of " + poolSize);
        suite.check(
                "no connection leaked: none active once the load stops",
                SteadyLoad.eventually(() -> pool.active.getAsInt() == 0, Duration.ofSeconds(3)),
                pool.active.getAsInt() + " still active");
        System.out.printf(
                "%s: %d answers, slowest %d ms, at most %d requests waiting for a connection, %d active%n",
                tag,
                load.samples().size(),
                load.samples().stream()
                        .mapToLong(s -> s.latency().toMillis())
                        .max()
                        .orElse(0),
                pool.maxWaiting(),
                pool.maxActive());
    }

    /**
     * The pool is whole again: {@code concurrent} requests sent at once, each given as a call that
     * returns its status, are all answered 2xx.
     */
    public void servesBurst(int concurrent, Callable<Integer> request) throws InterruptedException {
        List<Thread> burst = new ArrayList<>();
        AtomicInteger served = new AtomicInteger();
        for (int i = 0; i < concurrent; i++) {
            burst.add(Thread.ofVirtual().start(() -> {
                try {
                    int status = request.call();
                    if (status >= 200 && status < 300) {
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
                "the pool serves a burst of " + concurrent + " concurrent requests afterwards",
                served.get() == concurrent,
                served.get() + " served");
    }

    /**
     * Samples a connection pool every 20 ms while a fault test runs, keeping the most requests
     * seen waiting for a connection and the most connections seen active. Given as suppliers
     * (HikariCP's {@code HikariPoolMXBean} methods) so that this jar needs no pool.
     */
    public static final class PoolWatch implements AutoCloseable {
        private final IntSupplier waiting;
        private final IntSupplier active;
        private final AtomicInteger maxWaiting = new AtomicInteger();
        private final AtomicInteger maxActive = new AtomicInteger();
        private final Thread thread;

        private PoolWatch(IntSupplier waiting, IntSupplier active) {
            this.waiting = waiting;
            this.active = active;
            this.thread = Thread.ofVirtual().name("pool-watch").start(this::run);
        }

        public static PoolWatch start(IntSupplier waiting, IntSupplier active) {
            return new PoolWatch(waiting, active);
        }

        private void run() {
            while (!Thread.currentThread().isInterrupted()) {
                maxWaiting.accumulateAndGet(waiting.getAsInt(), Math::max);
                maxActive.accumulateAndGet(active.getAsInt(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        public int maxWaiting() {
            return maxWaiting.get();
        }

        public int maxActive() {
            return maxActive.get();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
