package com.villamarket.payment3.common.money;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of Thai baht with exactly two decimals (satang); never negative.
 *
 * <p>Amounts from outside (a callback form) are parsed strictly by {@link #parse}; amounts from
 * systems we trust to mean a decimal (KBank, the order table) are normalised by {@link #of}. An
 * amount in JSON, whoever sent it, is bounded by {@link #decimalFromJson} before any arithmetic:
 * {@code 1e19999999} is one short token that {@code setScale} would turn into twenty million digits.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    /** Upper bound for any single amount we accept: 100 million baht. */
    private static final BigDecimal MAX = new BigDecimal("100000000.00");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,4})?");

    /** The longest amount text taken from JSON; an amount of baht needs far fewer characters. */
    private static final int MAX_JSON_CHARS = 40;
    /** Integer digits of the largest amount taken from JSON (beyond {@link #MAX}, so that the check names it). */
    private static final int MAX_INTEGER_DIGITS = 12;
    /** Decimal places taken from JSON: stored floats such as 299.99999999999997 have up to 17. */
    private static final int MAX_SCALE = 20;

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

    /**
     * An amount in JSON (a number, or a string holding one, as some KBank integrations send it) as a
     * decimal, bounded before anything computes with it: at most {@value #MAX_JSON_CHARS} characters,
     * {@value #MAX_INTEGER_DIGITS} integer digits and {@value #MAX_SCALE} decimal places, not negative.
     *
     * @throws IllegalArgumentException when it is missing, not a number, or out of those bounds
     */
    public static BigDecimal decimalFromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new IllegalArgumentException("amount is missing");
        }
        if (!node.isNumber() && !node.isTextual()) {
            throw new IllegalArgumentException("amount is not a number");
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            String text = node.asText().trim();
            if (text.isEmpty() || text.length() > MAX_JSON_CHARS) {
                throw new IllegalArgumentException("amount is not a number of baht");
            }
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("amount is not a number");
            }
        }
        // scale() and precision() are cheap on a short unscaled value, and Jackson bounds a number's
        // text length: both checks run before any rescaling could grow the number.
        if (value.scale() > MAX_SCALE || value.scale() < -MAX_INTEGER_DIGITS
                || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount is out of range");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("amount is negative");
        }
        return value;
    }

    /**
     * An amount in JSON, bounded as {@link #decimalFromJson} and then rounded to satang as {@link #of}.
     *
     * @throws IllegalArgumentException when it is missing, not a number, out of bounds or over 100 million baht
     */
    public static Money fromJson(JsonNode node) {
        return of(decimalFromJson(node));
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
