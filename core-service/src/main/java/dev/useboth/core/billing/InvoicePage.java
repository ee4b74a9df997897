package dev.useboth.core.billing;

import java.util.List;

/**
 * One page of invoices, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
record InvoicePage(List<InvoiceResponse> items, String nextCursor) {}
