package com.villamarket.payment3.common.ids;

import java.util.Objects;
import java.util.regex.Pattern;

/** A KPay.js card token such as {@code tokn_test_…}; letters, digits and underscores after {@code tokn_}. */
public record CardToken(String value) {

    private static final Pattern SHAPE = KBankIds.prefixed("tokn_");

    public CardToken {
        Objects.requireNonNull(value, "token");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("token is not a KBank card token");
        }
    }

    /** Parses an untrusted token; throws {@link IllegalArgumentException} naming {@code field} when it is missing or malformed. */
    public static CardToken parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (!SHAPE.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " is not a KBank card token");
        }
        return new CardToken(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
