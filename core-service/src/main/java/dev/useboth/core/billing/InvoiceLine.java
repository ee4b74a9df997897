package dev.useboth.core.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of an invoice; a credit is a line with a negative amount. */
@Entity
@Table(name = "invoice_lines")
class InvoiceLine {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String description;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "unit_amount_minor", nullable = false)
    private long unitAmountMinor;

    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    @Column(name = "period_start")
    private Instant periodStart;

    @Column(name = "period_end")
    private Instant periodEnd;

    protected InvoiceLine() {}

    InvoiceLine(String description, int quantity, long unitAmountMinor, Instant periodStart, Instant periodEnd) {
        this.description = description.length() > 200 ? description.substring(0, 200) : description;
        this.quantity = quantity;
        this.unitAmountMinor = unitAmountMinor;
        this.amountMinor = Math.multiplyExact(quantity, unitAmountMinor);
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
    }

    Long getId() {
        return id;
    }

    String getDescription() {
        return description;
    }

    int getQuantity() {
        return quantity;
    }

    long getUnitAmountMinor() {
        return unitAmountMinor;
    }

    long getAmountMinor() {
        return amountMinor;
    }

    Instant getPeriodStart() {
        return periodStart;
    }

    Instant getPeriodEnd() {
        return periodEnd;
    }
}
