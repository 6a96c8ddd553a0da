package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.errors.SuiteException;

/** A callback or payment is refused for a {@link RejectionReason}; the message is safe to show. */
public final class PaymentRejectedException extends SuiteException.Refusal {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final transient String kbankAnswer;

    public PaymentRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /** @param kbankAnswer KBank's answer that decided the refusal, as received; null when none */
    public PaymentRejectedException(RejectionReason reason, String message, String kbankAnswer) {
        super(message);
        this.reason = reason;
        this.kbankAnswer = kbankAnswer;
    }

    public RejectionReason reason() {
        return reason;
    }

    @Override
    public int status() {
        return reason.httpStatus();
    }

    @Override
    public String kbankAnswer() {
        return kbankAnswer;
    }

    @Override
    public String errorType() {
        return reason.name();
    }
}
