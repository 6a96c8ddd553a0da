package com.villamarket.payment3.common.ids;

import java.util.Objects;
import java.util.regex.Pattern;

/** A KBank charge id such as {@code chrg_prod_1143…}; letters, digits and underscores after {@code chrg_}. */
public record ChargeId(String value) {

    private static final Pattern SHAPE = KBankIds.prefixed("chrg_");

    public ChargeId {
        Objects.requireNonNull(value, "chargeId");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("chargeId is not a KBank charge id");
        }
    }

    /** Parses an untrusted charge id; throws {@link IllegalArgumentException} when it is missing or malformed. */
    public static ChargeId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("chargeId is missing");
        }
        return new ChargeId(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
