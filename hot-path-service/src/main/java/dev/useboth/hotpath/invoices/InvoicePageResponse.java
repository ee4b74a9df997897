package dev.useboth.hotpath.invoices;

import java.util.List;

/** One page of invoices, newest first; pass {@code nextCursor} as {@code cursor} for the next (null: the end). */
public record InvoicePageResponse(List<InvoiceSummary> items, String nextCursor) {}
