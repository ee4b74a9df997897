package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invoice numbers stay gapless and unique under concurrent issuers. The other races (double
 * subscribe, the renewal job twice at once, duplicate webhooks, concurrent admin edits) live in
 * the concurrency suite, {@code dev.useboth.core.hardening.ConcurrencyIT}.
 */
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
    void twentyConcurrentIssuersGetGaplessUniqueNumbers() throws Exception {
        // A year of its own, so that the other tests' invoices do not count.
        Instant year = ZonedDateTime.of(2097, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        jdbc.sql("delete from invoice_number_counters where year = 2097").update();

        List<Object> issued = BillingTestHooks.all(20, () -> tx.execute(status -> numbers.next(year)));
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

    private int count(String sql, UUID user) {
        return jdbc.sql(sql).param("user", user).query(Integer.class).single();
    }
}
