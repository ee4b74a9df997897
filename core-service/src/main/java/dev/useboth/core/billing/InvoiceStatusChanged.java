package dev.useboth.core.billing;

import java.util.UUID;

/** Published when an invoice is issued, paid or voided (e.g. for a receipt email). */
public record InvoiceStatusChanged(UUID invoiceId, UUID userId, String number, String status) {}
