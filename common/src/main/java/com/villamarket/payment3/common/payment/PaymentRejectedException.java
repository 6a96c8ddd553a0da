package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.errors.SuiteException;

/** A callback or payment is refused for a {@link RejectionReason}; the message is safe to show. */
public final class PaymentRejectedException extends SuiteException.Refusal {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    public PaymentRejectedException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    @Override
    public int status() {
        return reason.httpStatus();
    }

    @Override
    public String errorType() {
        return reason.name();
    }
}
