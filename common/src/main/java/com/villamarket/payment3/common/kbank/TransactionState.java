package com.villamarket.payment3.common.kbank;

import java.util.Locale;

/** A charge's {@code transaction_state}; values KBank adds later read as {@link #UNKNOWN}. */
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

    public static TransactionState of(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (TransactionState state : values()) {
            if (state.wire.toLowerCase(Locale.ROOT).equals(key)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
