package com.villamarket.payment3.common.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The suite's functions, each named once: the stem of its deployed name ({@code payment3-<stem>-<branch>},
 * as the Python stack names it) and, for the ones that write the callback error log, the
 * {@code function_name} it writes there, which replay maps back to the function.
 */
public enum SuiteFunction {
    QR_CALLBACK("qrcallback", "qrcallback"),
    PROCESS_PAID_ORDER_INTERNAL("process-paid-order-internal", null),
    CARD_TOKEN("cardtoken", "cardtoken"),
    CARD_CALLBACK("callback", "callback"),
    PROCESS_PAID_ORDER("process-paid-order", null),
    KBANK_CREATE_USER("kbank-create-user", null),
    KBANK_ADD_CARD("kbank-add-card", null),
    KBANK_CREATE_ORDER("kbank-create-order", "createorder"),
    QR_NOTIFY("qr-notify", "qrnotify"),
    /** The card notify webhook (the Python stack's "Notify"). */
    CARD_NOTIFY("notify", "notify"),
    RECONCILE("reconcile", "reconcile"),
    REPLAY("replay", null);

    private final String stem;
    private final String errorLogName;

    SuiteFunction(String stem, String errorLogName) {
        this.stem = stem;
        this.errorLogName = errorLogName;
    }

    /** The function's short name, as its deployed name holds it: {@code qrcallback}, {@code process-paid-order-internal}. */
    public String stem() {
        return stem;
    }

    /** The function's deployed name on a branch, for example {@code payment3-qrcallback-dev}. */
    public String deployedName(String branch) {
        return "payment3-" + stem + "-" + branch;
    }

    /** Whether this function writes the callback error log (through the error logger: the table and an e-mail). */
    public boolean writesErrorLog() {
        return errorLogName != null;
    }

    /**
     * The {@code function_name} this function writes in the callback error log.
     *
     * @throws IllegalStateException for a function that writes none (an asynchronous one, which
     *                               throws for Lambda's retries and failure destination instead)
     */
    public String errorLogName() {
        if (errorLogName == null) {
            throw new IllegalStateException(name() + " writes no callback error log entries");
        }
        return errorLogName;
    }

    /**
     * The function that wrote an error log entry, when its raw event can be sent to it again: an API
     * function (reconciliation's reports carry no event to replay).
     */
    public static Optional<SuiteFunction> replayableByErrorLogName(String functionName) {
        return Arrays.stream(values())
                .filter(f -> f.errorLogName != null && f != RECONCILE && f.errorLogName.equals(functionName))
                .findFirst();
    }
}
