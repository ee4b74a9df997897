package dev.useboth.core.billing;

/** How often a plan bills; stored lower-case ({@code month}, {@code year}) as the schema checks. */
public enum BillingInterval {
    month,
    year
}
