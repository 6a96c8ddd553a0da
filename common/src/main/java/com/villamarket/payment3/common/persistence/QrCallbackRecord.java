package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * One QR callback as received, with what became of it.
 *
 * @param orderId   the order id as received, or {@link #NO_ORDER} when there was none usable
 * @param chargeId  the charge id as received; null when none
 * @param status    the status field as received; null when none
 * @param amount    the amount field as received; null when none
 * @param outcome   what the suite did, stored as {@link ReportOutcome#asCallbackOutcome}
 * @param reason    why, for a rejection; null otherwise
 * @param rawEvent  the complete event, JSON
 * @param requestId API Gateway's request id; null when none
 */
public record QrCallbackRecord(String orderId, Instant createdAt, String chargeId, String status, String amount,
        ReportOutcome outcome, String reason, String rawEvent, String requestId) {

    /** The order id stored when a callback carried no usable one (the table's hash key cannot be empty). */
    public static final String NO_ORDER = "-";

    /** Builds a QrCallbackRecord as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private String orderId;
        private Instant createdAt;
        private String chargeId;
        private String status;
        private String amount;
        private ReportOutcome outcome;
        private String reason;
        private String rawEvent;
        private String requestId;

        void orderId(String value) {
            orderId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void chargeId(String value) {
            chargeId = value;
        }

        void status(String value) {
            status = value;
        }

        void amount(String value) {
            amount = value;
        }

        void outcome(ReportOutcome value) {
            outcome = value;
        }

        void reason(String value) {
            reason = value;
        }

        void rawEvent(String value) {
            rawEvent = value;
        }

        void requestId(String value) {
            requestId = value;
        }

        QrCallbackRecord build() {
            return new QrCallbackRecord(orderId, createdAt, chargeId, status, amount, outcome, reason, rawEvent, requestId);
        }
    }
}
