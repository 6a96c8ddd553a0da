package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.payment.RejectionReason;

/**
 * The modes a failure comes in, each with the HTTP status it is answered with, whether one error log entry of it
 * pages a person at once (a defect of ours), and whether trying again later can succeed.
 */
public enum FailureKind {
    /** The sender is at fault (forged, malformed, another order's): final, answered 4xx with a reason that may be shown. */
    REFUSED(400, false, false),
    /** KBank has not settled the payment yet: nothing failed, nothing is final; KBank, Lambda or reconciliation asks again. */
    PENDING(202, false, true),
    /** KBank did not give a usable answer: worth a retry. */
    KBANK_UNAVAILABLE(503, false, true),
    /** An AWS call (DynamoDB, Lambda, SES, SNS) failed: worth a retry. */
    AWS_UNAVAILABLE(503, false, true),
    /** Data of ours in a table is missing or not in the shape this suite reads. */
    STORED_DATA(500, true, false),
    /** A setting is missing or unusable. */
    CONFIGURATION(500, true, false),
    /** A bug: anything else that was thrown. */
    INTERNAL(500, true, false);

    private final int status;
    private final boolean defect;
    private final boolean retryable;

    FailureKind(int status, boolean defect, boolean retryable) {
        this.status = status;
        this.defect = defect;
        this.retryable = retryable;
    }

    /** The HTTP status a failure of this kind is answered with (a refusal's own reason may say another 4xx). */
    public int status() {
        return status;
    }

    /** Whether one error log entry of this kind is a defect of ours that wants a person now. */
    public boolean defect() {
        return defect;
    }

    /** Whether the same request can succeed later without anyone changing anything. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Whether an error log entry's type names a defect kind. A refusal's entry is typed by its reason, and
     * reconciliation's reports by their own codes: neither is a defect.
     */
    public static boolean isDefect(String errorType) {
        for (FailureKind kind : values()) {
            if (kind.defect && kind.name().equals(errorType)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an error log entry's refusal is closed by a person only, never by a replay refused again:
     * a payment that needs a refund ({@link RejectionReason#ORDER_ALREADY_PAID}).
     */
    public static boolean waitsForAPerson(String errorType) {
        // A second real payment of a paid order: the customer is owed a refund, which no replay can give.
        return RejectionReason.ORDER_ALREADY_PAID.name().equals(errorType);
    }

    /**
     * Whether an error log entry's type names a refusal: its reason ({@link RejectionReason}), which a replay
     * is refused for again, so the entry is closed as such instead of retried for ever.
     */
    public static boolean isRefusal(String errorType) {
        if (errorType == null) {
            return false;
        }
        for (RejectionReason reason : RejectionReason.values()) {
            if (reason.name().equals(errorType)) {
                return true;
            }
        }
        return false;
    }
}
