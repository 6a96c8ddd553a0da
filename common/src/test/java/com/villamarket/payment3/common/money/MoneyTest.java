package com.villamarket.payment3.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @ParameterizedTest
    @ValueSource(strings = {"6", "6.5", "6.50", "6.5000", "0", "99999999.99"})
    void parsesPlainAmounts(String text) {
        assertEquals(2, Money.parse(text).amount().scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-6", "+6", "6e2", "6E2", "NaN", "Infinity", "6,00", " 6", "6 ", "0x10", "6.", ".5",
            "6.505", "6.00001", "1000000000", "６", "6\n"})
    void rejectsAnythingButAPlainAmount(String text) {
        assertThrows(IllegalArgumentException.class, () -> Money.parse(text));
    }

    @Test
    void rejectsMissingAmount() {
        assertThrows(IllegalArgumentException.class, () -> Money.parse(null));
    }

    @Test
    void trustedDecimalsAreRoundedToSatang() {
        assertEquals(new BigDecimal("300.00"), Money.of(new BigDecimal("299.999999")).amount());
        assertEquals(new BigDecimal("6.00"), Money.of("6").amount());
    }

    @Test
    void negativeAmountsDoNotExist() {
        assertThrows(IllegalArgumentException.class, () -> Money.of(new BigDecimal("-0.01")));
    }

    @Test
    void toleranceIsInclusive() {
        Money tolerance = Money.of("2.00");
        assertTrue(Money.of("100.00").within(Money.of("102.00"), tolerance));
        assertTrue(Money.of("102.00").within(Money.of("100.00"), tolerance));
        assertFalse(Money.of("100.00").within(Money.of("102.01"), tolerance));
    }

    @Test
    void satangAndText() {
        assertEquals(600, Money.parse("6").satang());
        assertEquals("6.00", Money.parse("6").toPlainString());
        assertEquals(Money.parse("6"), Money.parse("6.0000"));
    }
}
