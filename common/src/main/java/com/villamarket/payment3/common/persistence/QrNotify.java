package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * One QR payment notification of KBank's as received, with what became of it.
 *
 * @param partnerTxnUid the notification's id (the KBank order's reference), or "-" when it had none usable
 * @param statusCode    KBank's {@code statusCode}; null when none
 * @param outcome       what the suite did, stored as {@link ReportOutcome#asNotifyOutcome}
 * @param reason        why, for a refusal; null otherwise
 * @param rawEvent      the complete event, JSON
 */
public record QrNotify(String partnerTxnUid, Instant createdAt, String statusCode, ReportOutcome outcome, String reason,
        String rawEvent) {

    /** Builds a QrNotify as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private String partnerTxnUid;
        private Instant createdAt;
        private String statusCode;
        private ReportOutcome outcome;
        private String reason;
        private String rawEvent;

        void partnerTxnUid(String value) {
            partnerTxnUid = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void statusCode(String value) {
            statusCode = value;
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

        QrNotify build() {
            return new QrNotify(partnerTxnUid, createdAt, statusCode, outcome, reason, rawEvent);
        }
    }
}
