package dev.useboth.core.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An issued invoice as its owner (or staff) sees it; amounts in minor units and formatted. */
public record InvoiceResponse(
        UUID id,
        String number,
        String status,
        String billingReason,
        String currency,
        long subtotalMinor,
        long totalMinor,
        String amountFormatted,
        Instant periodStart,
        Instant periodEnd,
        Instant issuedAt,
        Instant dueAt,
        Instant paidAt,
        List<LineResponse> lines) {

    public record LineResponse(
            String description,
            int quantity,
            long unitAmountMinor,
            long amountMinor,
            String amountFormatted,
            Instant periodStart,
            Instant periodEnd) {}

    static InvoiceResponse of(Invoice invoice) {
        String currency = invoice.getCurrency();
        return new InvoiceResponse(
                invoice.getId(),
                invoice.getNumber(),
                invoice.getStatus().value(),
                invoice.getBillingReason().value(),
                currency,
                invoice.getSubtotalMinor(),
                invoice.getTotalMinor(),
                MoneyFormat.format(invoice.getTotalMinor(), currency),
                invoice.getPeriodStart(),
                invoice.getPeriodEnd(),
                invoice.getIssuedAt(),
                invoice.getDueAt(),
                invoice.getPaidAt(),
                invoice.getLines().stream()
                        .map(line -> new LineResponse(
                                line.getDescription(),
                                line.getQuantity(),
                                line.getUnitAmountMinor(),
                                line.getAmountMinor(),
                                MoneyFormat.format(line.getAmountMinor(), currency),
                                line.getPeriodStart(),
                                line.getPeriodEnd()))
                        .toList());
    }
}
