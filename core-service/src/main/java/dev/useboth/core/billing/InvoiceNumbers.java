package dev.useboth.core.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Human invoice numbers, sequential per year with no gaps: {@code 2026-000001}, {@code 2026-000002}...
 * A sequence would leave gaps (its values are not rolled back); instead the year's counter row
 * is incremented inside the transaction that issues the invoice. The row stays locked until
 * that transaction ends, so concurrent issuers queue, and a rolled-back issue gives its number
 * back.
 */
@Component
class InvoiceNumbers {

    private final JdbcClient jdbc;

    InvoiceNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next number for the (UTC) year of {@code issuedAt}; must run in the issuing transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    String next(Instant issuedAt) {
        int year = issuedAt.atZone(ZoneOffset.UTC).getYear();
        long value = jdbc.sql("insert into invoice_number_counters (year, last_value) values (:year, 1)"
                        + " on conflict (year) do update set last_value = invoice_number_counters.last_value + 1"
                        + " returning last_value")
                .param("year", year)
                .query(Long.class)
                .single();
        return "%d-%06d".formatted(year, value);
    }
}
