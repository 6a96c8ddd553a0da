package com.villamarket.payment3.common.kbank;

import java.util.Locale;

/** A charge's {@code status}; values KBank adds later read as {@link #UNKNOWN}. */
public enum ChargeStatus {
    SUCCESS, ERROR, UNKNOWN;

    public static ChargeStatus of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "success" -> SUCCESS;
            case "error", "fail", "failure", "failed" -> ERROR;
            default -> UNKNOWN;
        };
    }
}
