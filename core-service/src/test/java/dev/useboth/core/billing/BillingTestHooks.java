package dev.useboth.core.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ApplicationContext;

/** Billing's internals, reachable from tests outside this package (the concurrency suite). */
public final class BillingTestHooks {

    private BillingTestHooks() {}

    /** One pass of the renewal job as of {@code at}, as the scheduler would run it. */
    public static void renew(ApplicationContext context, Instant at) {
        context.getBean(RenewalJob.class).run(at);
    }

    /** A user written as the schema owner (billing does not own users). */
    public static UUID newUser() {
        return BillingFixtures.newUser();
    }

    /** A new active plan with a unique code ({@code prefix-N}) and features ("key=limit"). */
    public static String newPlan(String prefix, long priceMinor, String interval, int trialDays, String... features) {
        return BillingFixtures.newPlan(prefix, priceMinor, interval, trialDays, features);
    }

    /** Runs {@code task} on {@code n} threads released at the same moment; returns their results. */
    public static <T> List<Object> all(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
