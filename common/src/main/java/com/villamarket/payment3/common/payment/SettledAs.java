package com.villamarket.payment3.common.payment;

/** What a payment came to when it left the pending index, as stored in {@code payment3Outcome}. */
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
    EXPIRED
}
