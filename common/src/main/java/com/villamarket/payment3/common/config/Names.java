package com.villamarket.payment3.common.config;

/**
 * Table and function names for one branch, derived exactly as the Python stack derives them
 * (for example {@code payment3-qr-payment-record-${BRANCH}}).
 */
public record Names(String branch) {

    public String qrPaymentRecordTable() {
        return "payment3-qr-payment-record-" + branch;
    }

    public String qrCallbackRecordTable() {
        return "payment3-qr-callback-record-" + branch;
    }

    public String callbackErrorLogTable() {
        return "payment3-callback-error-log-" + branch;
    }

    public String processPaidOrderTable() {
        return "payment3-process-paid-order-" + branch;
    }

    public String checkStatusTable() {
        return "payment3-check-status-" + branch;
    }

    public String cardPaymentRecordTable() {
        return "payment3-card-payment-record-" + branch;
    }

    public String qrCallbackFunction() {
        return "payment3-qrcallback-" + branch;
    }

    public String processPaidOrderInternalFunction() {
        return "payment3-process-paid-order-internal-" + branch;
    }

    /** The Secrets Manager secret with KBank's keys: {@code kbank-prod} on master, {@code kbank-dev} otherwise. */
    public String kbankSecret() {
        return "master".equals(branch) ? "kbank-prod" : "kbank-dev";
    }
}
