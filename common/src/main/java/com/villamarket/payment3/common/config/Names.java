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

    /** The master branch's card payment record table, where the card callback looks second (seed 002, Flow 5). */
    public String masterCardPaymentRecordTable() {
        return "payment3-card-payment-record-master";
    }

    public String creditCardNotifyTable() {
        return "payment3-credit-card-notify-" + branch;
    }

    public String kbankUserMappingTable() {
        return "payment3-kbank-user-mapping-" + branch;
    }

    public String cardTokenFunction() {
        return "payment3-cardtoken-" + branch;
    }

    public String cardCallbackFunction() {
        return "payment3-callback-" + branch;
    }

    public String processPaidOrderFunction() {
        return "payment3-process-paid-order-" + branch;
    }

    public String kbankCreateUserFunction() {
        return "payment3-kbank-create-user-" + branch;
    }

    public String kbankAddCardFunction() {
        return "payment3-kbank-add-card-" + branch;
    }

    public String kbankCreateOrderFunction() {
        return "payment3-kbank-create-order-" + branch;
    }

    public String qrNotifyFunction() {
        return "payment3-qr-notify-" + branch;
    }

    /** The card notify webhook (seed 001's "Notify"). */
    public String cardNotifyFunction() {
        return "payment3-notify-" + branch;
    }

    public String kbankOrderTable() {
        return "payment3-kbank-order-" + branch;
    }

    public String qrNotifyTable() {
        return "payment3-qr-notify-" + branch;
    }

    public String reconcileFunction() {
        return "payment3-reconcile-" + branch;
    }

    public String replayFunction() {
        return "payment3-replay-" + branch;
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
