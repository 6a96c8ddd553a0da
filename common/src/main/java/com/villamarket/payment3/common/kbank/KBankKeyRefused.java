package com.villamarket.payment3.common.kbank;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.SuiteException;

/**
 * KBank answered 401 or 403: it does not take our key (wrong, revoked, another environment's, or not allowed this
 * call). A defect of our configuration, never the customer's: it pages at once, the caller gets a 503 (asked again
 * later, by the caller, Lambda's retries or reconciliation, once the key is fixed) and nothing is settled, so the
 * payment stays pending. Carries KBank's status and body (never the key).
 */
public final class KBankKeyRefused extends SuiteException.Defect {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final transient String body;

    public KBankKeyRefused(String message, int httpStatus, String body) {
        super(message, null);
        this.httpStatus = httpStatus;
        this.body = body;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.CONFIGURATION;
    }

    /** 503: the request can succeed once the key is fixed, and must be asked again then. */
    @Override
    public int status() {
        return FailureKind.KBANK_UNAVAILABLE.status();
    }

    /** KBank's status, 401 or 403. */
    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public String kbankAnswer() {
        return body;
    }
}
