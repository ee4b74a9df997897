package dev.useboth.core.billing;

import java.time.Instant;
import java.time.ZoneOffset;

/** How often a plan bills; stored lower-case ({@code month}, {@code year}) as the schema checks. */
public enum BillingInterval {
    month,
    year;

    /**
     * The end of a period starting at {@code start}, in calendar terms on UTC (Jan 31 + 1 month is
     * Feb 28/29).
     */
    Instant periodEnd(Instant start) {
        var utc = start.atZone(ZoneOffset.UTC);
        return (this == month ? utc.plusMonths(1) : utc.plusYears(1)).toInstant();
    }

    /** Periods per year, to compare prices across intervals. */
    int perYear() {
        return this == month ? 12 : 1;
    }
}
