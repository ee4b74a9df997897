package dev.useboth.core.billing;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/**
 * A bill: lines, their total, and a human number once issued. Issued invoices are never
 * edited; they are paid, voided or written off. The database checks that an issued invoice's
 * subtotal is the sum of its lines.
 */
@Entity
@Table(name = "invoices")
class Invoice {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(length = 20, unique = true)
    private String number;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "subscription_id")
    private UUID subscriptionId;

    @Column(name = "billing_reason", nullable = false, length = 24)
    private BillingReason billingReason;

    @Column(nullable = false, length = 16)
    private InvoiceStatus status;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "subtotal_minor", nullable = false)
    private long subtotalMinor;

    @Column(name = "total_minor", nullable = false)
    private long totalMinor;

    @Column(name = "period_start")
    private Instant periodStart;

    @Column(name = "period_end")
    private Instant periodEnd;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "due_at")
    private Instant dueAt;

    @Column(name = "paid_at")
    private Instant paidAt;

    @Column(nullable = false, length = 20)
    private String provider;

    @Column(name = "provider_invoice_id")
    private String providerInvoiceId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
    @JoinColumn(name = "invoice_id", nullable = false, updatable = false)
    @OrderBy("id")
    @BatchSize(size = 100)
    private List<InvoiceLine> lines = new ArrayList<>();

    protected Invoice() {}

    Invoice(
            UUID userId,
            UUID subscriptionId,
            BillingReason reason,
            String currency,
            Instant periodStart,
            Instant periodEnd,
            String provider,
            Instant now) {
        this.userId = userId;
        this.subscriptionId = subscriptionId;
        this.billingReason = reason;
        this.status = InvoiceStatus.DRAFT;
        this.currency = currency;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.provider = provider;
        // The record's own time, which orders a user's invoices (keyset pagination): the wall
        // clock, even when the business times come from a job's "now". Postgres keeps microseconds.
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = now;
    }

    void addLine(InvoiceLine line) {
        if (status != InvoiceStatus.DRAFT) {
            throw new IllegalStateException("an issued invoice is not edited");
        }
        lines.add(line);
        subtotalMinor = Math.addExact(subtotalMinor, line.getAmountMinor());
        totalMinor = subtotalMinor;
    }

    /** Gives the draft its number and makes it owed from {@code dueAt}. */
    void issue(String number, Instant issuedAt, Instant dueAt) {
        if (status != InvoiceStatus.DRAFT) {
            throw new IllegalStateException("invoice " + id + " is already issued");
        }
        this.number = number;
        this.status = InvoiceStatus.OPEN;
        this.issuedAt = issuedAt;
        this.dueAt = dueAt;
        this.updatedAt = issuedAt;
    }

    void markPaid(Instant paidAt) {
        this.status = InvoiceStatus.PAID;
        this.paidAt = paidAt;
        this.updatedAt = paidAt;
    }

    void markVoid(Instant now) {
        this.status = InvoiceStatus.VOID;
        this.updatedAt = now;
    }

    void linkProvider(String providerInvoiceId) {
        this.providerInvoiceId = providerInvoiceId;
    }

    UUID getId() {
        return id;
    }

    String getNumber() {
        return number;
    }

    UUID getUserId() {
        return userId;
    }

    UUID getSubscriptionId() {
        return subscriptionId;
    }

    BillingReason getBillingReason() {
        return billingReason;
    }

    InvoiceStatus getStatus() {
        return status;
    }

    String getCurrency() {
        return currency;
    }

    long getSubtotalMinor() {
        return subtotalMinor;
    }

    long getTotalMinor() {
        return totalMinor;
    }

    Instant getPeriodStart() {
        return periodStart;
    }

    Instant getPeriodEnd() {
        return periodEnd;
    }

    Instant getIssuedAt() {
        return issuedAt;
    }

    Instant getDueAt() {
        return dueAt;
    }

    Instant getPaidAt() {
        return paidAt;
    }

    String getProvider() {
        return provider;
    }

    String getProviderInvoiceId() {
        return providerInvoiceId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    List<InvoiceLine> getLines() {
        return lines;
    }
}
