package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * One processing attempt in the process-paid-order table.
 *
 * @param data        the order data as processed, JSON
 * @param isError     whether the attempt failed
 * @param paymentType {@code qr} or {@code card}
 * @param chargeId    the charge processed; null when unknown
 * @param outcome     what the attempt came to; {@link ProcessedAs#UNKNOWN} for a name this build does not know
 * @param error       what went wrong; null on success
 */
public record ProcessPaidOrderLog(String orderId, Instant createdAt, String data, boolean isError, String paymentType,
        String chargeId, ProcessedAs outcome, String error) {

    /** Builds a ProcessPaidOrderLog as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private String orderId;
        private Instant createdAt;
        private String data;
        private boolean isError;
        private String paymentType;
        private String chargeId;
        private ProcessedAs outcome;
        private String error;

        void orderId(String value) {
            orderId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void data(String value) {
            data = value;
        }

        void isError(Boolean value) {
            isError = Boolean.TRUE.equals(value);
        }

        void paymentType(String value) {
            paymentType = value;
        }

        void chargeId(String value) {
            chargeId = value;
        }

        void outcome(ProcessedAs value) {
            outcome = value;
        }

        void error(String value) {
            error = value;
        }

        ProcessPaidOrderLog build() {
            return new ProcessPaidOrderLog(orderId, createdAt, data, isError, paymentType, chargeId, outcome, error);
        }
    }
}
