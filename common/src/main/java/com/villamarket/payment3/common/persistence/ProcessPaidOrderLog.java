package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import java.time.Instant;

/**
 * One processing attempt in the process-paid-order table.
 *
 * @param orderId     the order processed; {@link #NO_ORDER} for a payload that named none the suite could read
 * @param data        the order data as processed, JSON
 * @param isError     whether the attempt failed
 * @param paymentType how it was paid; null when the payload could not be read, {@link PaymentType#UNKNOWN} for a
 *                    spelling this build does not know
 * @param chargeId    the charge processed; null when unknown
 * @param outcome     what the attempt came to; {@link ProcessedAs#UNKNOWN} for a name this build does not know
 * @param error       what went wrong; null on success
 */
public record ProcessPaidOrderLog(OrderId orderId, Instant createdAt, String data, boolean isError, PaymentType paymentType,
        ChargeId chargeId, ProcessedAs outcome, String error) {

    /** The order id of a row whose payload named no order the suite could read (the table's hash key cannot be empty). */
    public static final OrderId NO_ORDER = new OrderId("-");

    /** Builds a ProcessPaidOrderLog as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private OrderId orderId;
        private Instant createdAt;
        private String data;
        private boolean isError;
        private PaymentType paymentType;
        private ChargeId chargeId;
        private ProcessedAs outcome;
        private String error;

        void orderId(OrderId value) {
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

        void paymentType(PaymentType value) {
            paymentType = value;
        }

        void chargeId(ChargeId value) {
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
