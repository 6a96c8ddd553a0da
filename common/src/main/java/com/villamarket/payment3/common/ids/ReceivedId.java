package com.villamarket.payment3.common.ids;

import java.util.Objects;
import java.util.Optional;

/**
 * An order or charge id as it was received, checked or not: what the rows that record what arrived keep (an error
 * log entry, a QR callback record), so that a row about a request whose id was garbage is still written and read
 * back, byte for byte. It is never a key to pay, bind or look up a payment with: {@link #orderId()} and
 * {@link #chargeId()} give the typed id when the text has its shape, and {@link #is} compares it with one.
 *
 * @param text the id exactly as received; never null (an id not received at all is a null {@code ReceivedId})
 */
public record ReceivedId(String text) {

    public ReceivedId {
        Objects.requireNonNull(text, "text");
    }

    /** The text as received; null for null. */
    public static ReceivedId of(String text) {
        return text == null ? null : new ReceivedId(text);
    }

    /** A checked order id, as the rows of what arrived keep it; null for null. */
    public static ReceivedId of(OrderId id) {
        return id == null ? null : new ReceivedId(id.value());
    }

    /** A checked charge id, as the rows of what arrived keep it; null for null. */
    public static ReceivedId of(ChargeId id) {
        return id == null ? null : new ReceivedId(id.value());
    }

    /** The order id this text is, when it has an order id's shape. */
    public Optional<OrderId> orderId() {
        try {
            return Optional.of(OrderId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The charge id this text is, when it has a charge id's shape. */
    public Optional<ChargeId> chargeId() {
        try {
            return Optional.of(ChargeId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether this is the text of the order id {@code id}. */
    public boolean is(OrderId id) {
        return id != null && text.equals(id.value());
    }

    /** Whether this is the text of the charge id {@code id}. */
    public boolean is(ChargeId id) {
        return id != null && text.equals(id.value());
    }

    /** The text of {@code id}; null for null. */
    public static String textOf(ReceivedId id) {
        return id == null ? null : id.text();
    }

    @Override
    public String toString() {
        return text;
    }
}
