package dev.useboth.core.billing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Billing's "now": in microseconds, as PostgreSQL stores it, so that a saved time reads back equal. */
final class BillingTime {

    private BillingTime() {}

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
