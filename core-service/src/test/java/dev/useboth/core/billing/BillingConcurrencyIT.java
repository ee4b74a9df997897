package dev.useboth.core.billing;

import static dev.useboth.core.billing.BillingFixtures.newPlan;
import static dev.useboth.core.billing.BillingFixtures.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.common.ApiProblemException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Nothing is counted twice when the same thing happens at the same time. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class BillingConcurrencyIT {

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    InvoiceService invoices;

    @Autowired
    InvoiceNumbers numbers;

    @Autowired
    RenewalJob renewal;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoConcurrentSubscribeCallsForOneUserMakeOneSubscription() throws Exception {
        UUID user = newUser();
        String plan = newPlan("pro", 1900, "month", 0, "projects=50");

        List<Object> outcomes = all(2, () -> {
            try {
                return subscriptions.subscribe(user, plan);
            } catch (ApiProblemException e) {
                return e.status();
            }
        });

        assertThat(outcomes)
                .filteredOn(o -> o instanceof SubscriptionService.Change c && c.created())
                .hasSize(1);
        // The loser either saw the winner's subscription (no change, 200) or raced it (409).
        assertThat(count("select count(*) from subscriptions where user_id = :user", user))
                .isEqualTo(1);
        assertThat(count("select count(*) from invoices where user_id = :user", user))
                .isEqualTo(1);
        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o)
                        .satisfiesAnyOf(
                                v -> assertThat(v).isInstanceOf(SubscriptionService.Change.class),
                                v -> assertThat(v).isEqualTo(HttpStatus.CONFLICT)));
    }

    @Test
    void theRenewalJobRunTwiceIssuesOneInvoice() throws Exception {
        UUID user = newUser();
        Subscription subscription =
                subscriptions.subscribe(user, newPlan("pro", 1900, "month", 0)).subscription();
        Instant after = subscription.getCurrentPeriodEnd().plusSeconds(60);

        renewal.run(after);
        renewal.run(after);
        // and twice at the same time, as two replicas without the lock would
        all(2, () -> renewal.run(after));

        assertThat(count(
                        "select count(*) from invoices where user_id = :user and billing_reason = 'subscription_cycle'",
                        user))
                .isEqualTo(1);
        assertThat(subscriptions.current(user).orElseThrow().getCurrentPeriodStart())
                .isEqualTo(subscription.getCurrentPeriodEnd());
    }

    @Test
    void twentyConcurrentIssuersGetGaplessUniqueNumbers() throws Exception {
        // A year of its own, so that the other tests' invoices do not count.
        Instant year = ZonedDateTime.of(2097, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        jdbc.sql("delete from invoice_number_counters where year = 2097").update();

        List<Object> issued = all(20, () -> tx.execute(status -> numbers.next(year)));
        // A rolled-back issue gives its number back.
        tx.executeWithoutResult(status -> {
            numbers.next(year);
            status.setRollbackOnly();
        });
        String next = tx.execute(status -> numbers.next(year));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("2097-%06d".formatted(i));
        }
        assertThat(issued).map(String.class::cast).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(next).isEqualTo("2097-000021");
    }

    /** Runs {@code task} on {@code n} threads released at the same moment; returns their results. */
    static <T> List<Object> all(int n, Callable<T> task) throws Exception {
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

    private int count(String sql, UUID user) {
        return jdbc.sql(sql).param("user", user).query(Integer.class).single();
    }
}
