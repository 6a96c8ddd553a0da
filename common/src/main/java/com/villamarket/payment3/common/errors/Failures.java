package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.persistence.StoredDataException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts a failure by its mode, in one place for every function: a refusal of the request (the
 * sender's fault, 4xx, safe to show), a dependency that did not answer (KBank, AWS: 503, worth a
 * retry), or a fault of ours (bad stored data, configuration, a bug: 500). Only a refusal's message
 * is ever shown to the sender.
 *
 * @param status   the HTTP status to answer with
 * @param code     a short code for the error log and the sender (a rejection reason, or the failure's kind)
 * @param message  what happened, for the error log
 * @param refusal  whether the sender is at fault, so the message may be shown
 */
public record Failures(int status, String code, String message, boolean refusal) {

    /** Classifies a failure. */
    public static Failures classify(RuntimeException e) {
        if (e instanceof PaymentRejectedException rejected) {
            return new Failures(rejected.reason().httpStatus(), rejected.reason().name(), e.getMessage(), true);
        }
        if (e instanceof KBankException) {
            return new Failures(503, "KBANK_UNAVAILABLE", "KBank could not answer: " + e.getMessage(), false);
        }
        if (e instanceof SdkException || e instanceof AsyncInvoker.InvocationException) {
            return new Failures(503, "AWS_UNAVAILABLE", "an AWS call failed: " + e.getMessage(), false);
        }
        if (e instanceof StoredDataException) {
            return new Failures(500, "STORED_DATA", e.getMessage(), false);
        }
        if (e instanceof ConfigException) {
            return new Failures(500, "CONFIGURATION", e.getMessage(), false);
        }
        return new Failures(500, "INTERNAL", "internal error: " + e.getClass().getName() + ": " + e.getMessage(), false);
    }

    /**
     * Whether an error log entry of this type is a defect of ours: a bug, data of ours that cannot be read, a
     * bad setting. Unlike a refusal (the sender's fault) or KBank or AWS not answering (transient, and
     * finished by KBank's retries, replay or reconciliation), one such entry wants a person.
     */
    public static boolean isDefect(String errorType) {
        return "INTERNAL".equals(errorType) || "STORED_DATA".equals(errorType) || "CONFIGURATION".equals(errorType);
    }

    /** What the sender may be told: the refusal's reason, or a line that names no internals. */
    public String shown() {
        return refusal ? message : "the payment could not be confirmed right now; it has been recorded and will be checked";
    }
}
