package com.villamarket.payment3.common.config;

/**
 * Table and function names for one branch, derived exactly as the Python stack derives them
 * (for example {@code payment3-qr-payment-record-${BRANCH}}), every table's name in this one place.
 *
 * @param orderTable            the shop's order table, shared with the web shop ({@code ORDER_TABLE_NAME})
 * @param creditCardNotifyTable the credit-card notify table ({@code CREDIT_CARD_NOTIFY_TABLE_NAME}, the template's
 *                              {@code CreditCardNotifyTableBaseName} and branch); the seeds do not name the Python
 *                              stack's table: at switch-over this is set to it
 * @param kbankUserMappingTable the KBank user-mapping table ({@code KBANK_USER_MAPPING_TABLE_NAME}), likewise
 */
public record Names(String branch, String orderTable, String creditCardNotifyTable, String kbankUserMappingTable) {

    /** The order table when {@code ORDER_TABLE_NAME} is not set. */
    public static final String DEFAULT_ORDER_TABLE = "order-table-dev";

    /** A branch's names with every table at its default name. */
    public Names(String branch) {
        this(branch, DEFAULT_ORDER_TABLE, "payment3-credit-card-notify-" + branch, "payment3-kbank-user-mapping-" + branch);
    }

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

    /** The master branch's card payment record table, where the card callback looks second. */
    public String masterCardPaymentRecordTable() {
        return "payment3-card-payment-record-master";
    }

    public String cardTokenFunction() {
        return function(SuiteFunction.CARD_TOKEN);
    }

    public String cardCallbackFunction() {
        return function(SuiteFunction.CARD_CALLBACK);
    }

    public String processPaidOrderFunction() {
        return function(SuiteFunction.PROCESS_PAID_ORDER);
    }

    public String kbankCreateUserFunction() {
        return function(SuiteFunction.KBANK_CREATE_USER);
    }

    public String kbankAddCardFunction() {
        return function(SuiteFunction.KBANK_ADD_CARD);
    }

    public String kbankCreateOrderFunction() {
        return function(SuiteFunction.KBANK_CREATE_ORDER);
    }

    public String qrNotifyFunction() {
        return function(SuiteFunction.QR_NOTIFY);
    }

    /** The card notify webhook (the Python stack's "Notify"). */
    public String cardNotifyFunction() {
        return function(SuiteFunction.CARD_NOTIFY);
    }

    public String kbankOrderTable() {
        return "payment3-kbank-order-" + branch;
    }

    public String qrNotifyTable() {
        return "payment3-qr-notify-" + branch;
    }

    public String reconcileFunction() {
        return function(SuiteFunction.RECONCILE);
    }

    public String replayFunction() {
        return function(SuiteFunction.REPLAY);
    }

    public String qrCallbackFunction() {
        return function(SuiteFunction.QR_CALLBACK);
    }

    public String processPaidOrderInternalFunction() {
        return function(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL);
    }

    /** A function's deployed name on this branch. */
    public String function(SuiteFunction function) {
        return function.deployedName(branch);
    }

    /** The Secrets Manager secret with KBank's keys: {@code kbank-prod} on master, {@code kbank-dev} otherwise. */
    public String kbankSecret() {
        return "master".equals(branch) ? "kbank-prod" : "kbank-dev";
    }
}
