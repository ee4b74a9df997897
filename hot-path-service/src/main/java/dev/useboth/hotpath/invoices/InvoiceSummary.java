package dev.useboth.hotpath.invoices;

import java.time.Instant;
import java.util.UUID;

/** An issued invoice as {@code read_api.invoice_summaries} publishes it (money in minor units). */
public record InvoiceSummary(
        UUID id,
        String number,
        String status,
        String currency,
        long totalMinor,
        Instant periodStart,
        Instant periodEnd,
        Instant issuedAt,
        Instant dueAt,
        Instant paidAt,
        Instant createdAt) {}
