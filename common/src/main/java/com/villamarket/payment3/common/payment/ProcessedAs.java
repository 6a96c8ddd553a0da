package com.villamarket.payment3.common.payment;

/**
 * What one ProcessPaidOrder(Internal) attempt came to, as its row in the process-paid-order table stores it by
 * name in {@code outcome}; a stored name this build does not know reads as {@link #UNKNOWN}. {@link #PAID},
 * {@link #ALREADY_PAID} and {@link #NOT_PAID} mean what {@link PaidOrderProcessor.Outcome}'s names mean; the row
 * also tells a refusal and a failure apart, which the answer does not.
 */
public enum ProcessedAs {
    /** The order is paid with this charge: the one success row ({@code is_error} false). */
    PAID,
    /** The order was paid already with another charge, or by the Python stack. */
    ALREADY_PAID,
    /** KBank says the charge is not paid (declined, voided): the customer is told. */
    NOT_PAID,
    /** Refused for good for another reason (another order or amount, unknown to KBank). */
    REFUSED,
    /** KBank has not settled the charge yet: nothing is final. */
    PENDING,
    /** A failure on our side (KBank or AWS did not answer, a defect): retried. */
    FAILED,
    /** A stored name this build does not know; never written. */
    UNKNOWN;

    /** The outcome a row stores; null for null, {@link #UNKNOWN} for a name not known here. */
    public static ProcessedAs fromStored(String name) {
        if (name == null) {
            return null;
        }
        for (ProcessedAs value : values()) {
            if (value != UNKNOWN && value.name().equals(name)) {
                return value;
            }
        }
        return UNKNOWN;
    }

    /** The name a row stores. */
    public String stored() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN is only ever read");
        }
        return name();
    }
}
