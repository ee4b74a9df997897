package dev.useboth.core.billing;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts as people read them: minor units shifted by the currency's own fraction digits
 * (2 for EUR, 0 for JPY, 3 for KWD), with its symbol. Money is a {@code long} of minor units
 * everywhere else; this is the only place it becomes a decimal, and never a float.
 */
public final class MoneyFormat {

    private MoneyFormat() {}

    /** E.g. {@code format(1900, "EUR")} is {@code "€19.00"}, {@code format(500, "JPY")} is {@code "¥500"}. */
    public static String format(long amountMinor, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(amountMinor, digits));
    }
}
