package dev.useboth.core.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Money is a {@code long} in minor units plus an ISO 4217 code; here it meets people. */
final class Money {

    private Money() {}

    /** {@code 900, "EUR"} to "€9.00"; {@code 500, "JPY"} to "¥500". */
    static String format(long minor, String currencyCode, Locale locale) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor).movePointLeft(digits));
    }

    /** "9.00" in the form to 900; more decimals than the currency has are refused. */
    static long parseMajor(String text, String currencyCode) {
        int digits = Math.max(Currency.getInstance(currencyCode).getDefaultFractionDigits(), 0);
        BigDecimal major = new BigDecimal(text.trim().replace(",", ""));
        return major.setScale(digits, RoundingMode.UNNECESSARY)
                .movePointRight(digits)
                .longValueExact();
    }

    /** 900 to "9.00" for the form's input. */
    static String toMajor(long minor, String currencyCode) {
        int digits = Math.max(Currency.getInstance(currencyCode).getDefaultFractionDigits(), 0);
        return BigDecimal.valueOf(minor).movePointLeft(digits).setScale(digits).toPlainString();
    }
}
