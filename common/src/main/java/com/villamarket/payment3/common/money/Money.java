package com.villamarket.payment3.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of Thai baht with exactly two decimals (satang); never negative.
 *
 * <p>Amounts from outside (a callback form) are parsed strictly by {@link #parse}; amounts from
 * systems we trust to mean a decimal (KBank, the order table) are normalised by {@link #of}.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    /** Upper bound for any single amount we accept: 100 million baht. */
    private static final BigDecimal MAX = new BigDecimal("100000000.00");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,4})?");

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (amount.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("amount is too large");
        }
        amount = amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    /**
     * Parses an untrusted amount: plain digits with at most four decimals, no sign, exponent,
     * NaN or grouping, and nothing beyond satang ("6", "6.5", "6.50", "6.5000" are fine, "6.505" is not).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Money parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("amount is missing");
        }
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("amount is not a plain decimal number");
        }
        BigDecimal value = new BigDecimal(text);
        try {
            return new Money(value.setScale(2, RoundingMode.UNNECESSARY));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount has fractions of a satang", e);
        }
    }

    /** A trusted decimal amount, rounded half-even to satang (a stored 299.999999 is 300.00). */
    public static Money of(BigDecimal value) {
        return new Money(value);
    }

    /** A trusted decimal amount given as text, for example "300.00". */
    public static Money of(String value) {
        return new Money(new BigDecimal(value));
    }

    /** Whether this and {@code other} differ by no more than {@code tolerance}. */
    public boolean within(Money other, Money tolerance) {
        return amount.subtract(other.amount).abs().compareTo(tolerance.amount) <= 0;
    }

    /** The amount in satang. */
    public long satang() {
        return amount.movePointRight(2).longValueExact();
    }

    /** The amount as plain text with two decimals, for example "300.00". */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " THB";
    }
}
