package com.villamarket.payment3.common.kbank;

/**
 * A charge's {@code status}, exactly as KBank writes it ({@code success}; {@code fail}, {@code error} for a
 * failure): any other text, another case or spaces included, reads as {@link #UNKNOWN}, which is never paid.
 */
public enum ChargeStatus {
    SUCCESS, ERROR, UNKNOWN,
    /** Absent from the answer. */
    NONE;

    public static ChargeStatus of(String text) {
        if (text == null) {
            return NONE;
        }
        return switch (text) {
            case "success" -> SUCCESS;
            case "error", "fail", "failure", "failed" -> ERROR;
            default -> UNKNOWN;
        };
    }
}
