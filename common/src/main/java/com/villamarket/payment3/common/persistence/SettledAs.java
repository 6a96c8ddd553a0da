package com.villamarket.payment3.common.persistence;

/**
 * What a payment came to when it left the pending index, stored by its name in {@code payment3Outcome};
 * a stored name this build does not know reads as {@link #UNKNOWN}.
 */
public enum SettledAs {
    /**
     * The order is paid with it and every after-paid step is done (or, for ADDCARD, the card is kept; for a
     * KBank QR order, its charge is paid and handed on, and that charge's QR payment record is followed to
     * the end). Never stamped on a payment whose charge KBank has not settled.
     */
    PAID,
    /** KBank says it will never be paid; for a card, ProcessPaidOrder recorded and notified the failure. */
    FAILED,
    /** Real money for an order paid already with another charge: a person refunds it. */
    NEEDS_REFUND,
    /** Refused for good (another order, another amount); logged for a person. */
    REFUSED,
    /**
     * Abandoned: a KBank QR order never paid, a charge KBank never finished (3-D Secure or a QR left
     * unfinished past the abandonment age), or a card payment whose charge never came into being.
     */
    EXPIRED,
    /** A stored name this build does not know (written by a later build); never written. */
    UNKNOWN;

    /** The outcome stored as {@code name}; null for null (still pending), {@link #UNKNOWN} for a name not known here. */
    public static SettledAs fromStored(String name) {
        if (name == null) {
            return null;
        }
        for (SettledAs value : values()) {
            if (value != UNKNOWN && value.name().equals(name)) {
                return value;
            }
        }
        return UNKNOWN;
    }

    /** Whether KBank's money did not come to the order: failed, refused or expired. */
    public boolean isUnpaid() {
        return this == FAILED || this == REFUSED || this == EXPIRED;
    }
}
