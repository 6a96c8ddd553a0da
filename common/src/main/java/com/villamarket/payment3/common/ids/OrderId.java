package com.villamarket.payment3.common.ids;

import java.util.Objects;
import java.util.regex.Pattern;

/** A shop order id such as {@code 002500048744}: 1 to 64 letters, digits, '-' or '_'. */
public record OrderId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The order id of a card verification, which charges 1 baht to keep a card and pays no order. */
    public static final OrderId ADDCARD = new OrderId("ADDCARD");

    public OrderId {
        Objects.requireNonNull(value, "orderId");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("orderId is not a valid order id");
        }
    }

    /** Parses an untrusted order id; throws {@link IllegalArgumentException} when it is missing or malformed. */
    public static OrderId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("orderId is missing");
        }
        return new OrderId(text);
    }

    /** Whether this is {@link #ADDCARD}, a card verification rather than a shop order. */
    public boolean isAddCard() {
        return equals(ADDCARD);
    }

    @Override
    public String toString() {
        return value;
    }
}
