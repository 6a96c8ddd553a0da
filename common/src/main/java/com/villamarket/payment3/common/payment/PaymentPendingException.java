package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.errors.SuiteException;

/**
 * KBank has not settled a charge yet (3-D Secure unfinished, a QR not yet paid, a state this suite
 * does not know): nothing is final, nothing is recorded as failed; a later callback, Lambda's retry
 * or reconciliation asks again.
 */
public final class PaymentPendingException extends SuiteException.Pending {

    private static final long serialVersionUID = 1L;

    public PaymentPendingException(String message) {
        super(message);
    }
}
