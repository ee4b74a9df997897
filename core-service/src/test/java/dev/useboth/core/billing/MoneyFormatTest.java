package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    @Test
    void usesTheCurrencysOwnFractionDigits() {
        assertThat(MoneyFormat.format(1900, "EUR")).isEqualTo("€19.00");
        assertThat(MoneyFormat.format(5, "USD")).isEqualTo("$0.05");
        assertThat(MoneyFormat.format(500, "JPY")).isEqualTo("¥500");
        assertThat(MoneyFormat.format(1234, "KWD")).isEqualTo("KWD1.234");
    }

    @Test
    void showsCreditsAndLargeAmountsExactly() {
        assertThat(MoneyFormat.format(-990, "EUR")).isEqualTo("-€9.90");
        assertThat(MoneyFormat.format(Long.MAX_VALUE, "EUR")).isEqualTo("€92,233,720,368,547,758.07");
    }
}
