package com.villamarket.payment3.common.ids;

import java.util.Objects;
import java.util.regex.Pattern;

/** A customer's id in the shop (a Cognito {@code sub} or the shop's own): 1 to 128 of letters, digits and {@code _@.:+-}. */
public record OwnerId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_@.:+-]{1,128}");

    public OwnerId {
        Objects.requireNonNull(value, "ownerId");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("ownerId is not a valid owner id");
        }
    }

    /** Parses an untrusted owner id; throws {@link IllegalArgumentException} when it is missing or malformed. */
    public static OwnerId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("ownerId is missing");
        }
        return new OwnerId(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
