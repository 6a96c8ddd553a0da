package com.villamarket.payment3.common.kbank;

/**
 * A charge's {@code transaction_state}, exactly as KBank writes it: any other text (another case, spaces, a state
 * KBank adds later) reads as {@link #UNKNOWN}, which is neither paid nor final.
 */
public enum TransactionState {
    INITIALIZE("Initialize"),
    PRE_AUTHORIZED("Pre-Authorized"),
    AUTHORIZED("Authorized"),
    DECLINED("Declined"),
    REVERSED("Reversed"),
    VOIDED("Voided"),
    REFUND_SENT("Refund Sent"),
    SETTLED("Settled"),
    /** Absent from the answer. */
    NONE(""),
    UNKNOWN("?");

    private final String wire;

    TransactionState(String wire) {
        this.wire = wire;
    }

    /** The value as KBank writes it. */
    public String wire() {
        return wire;
    }

    /** Whether money has moved to the merchant in this state: {@code Authorized} or {@code Settled}. */
    public boolean isPaid() {
        return this == AUTHORIZED || this == SETTLED;
    }

    /** Whether a charge in this state will never be paid: {@code Declined}, {@code Reversed}, {@code Voided}, {@code Refund Sent}. */
    public boolean isFinalUnpaid() {
        return this == DECLINED || this == REVERSED || this == VOIDED || this == REFUND_SENT;
    }

    /**
     * Whether KBank's answer says the charge is simply not finished: {@code Initialize}, {@code Pre-Authorized}
     * (3-D Secure not done) or no state at all. A state this suite does not know is not among them.
     */
    public boolean isUnfinished() {
        return this == INITIALIZE || this == PRE_AUTHORIZED || this == NONE;
    }

    public static TransactionState of(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        for (TransactionState state : values()) {
            if (state != NONE && state != UNKNOWN && state.wire.equals(text)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
