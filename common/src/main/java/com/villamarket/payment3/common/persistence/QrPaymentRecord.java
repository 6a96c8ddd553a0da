package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import java.time.Instant;

/**
 * A QR charge recorded against one order: the binding chargeId to orderId, for ever.
 *
 * @param paid       whether KBank's inquiry said the charge is paid, as last checked
 * @param paidAmount what KBank says was charged; null when unknown
 * @param pending    whether the payment is unsettled (in the pending index)
 * @param handOn     the once-only hand-on to ProcessPaidOrderInternal
 * @param outcome    what the payment came to once settled; null while pending
 */
public record QrPaymentRecord(ChargeId chargeId, OrderId orderId, Instant createdAt, boolean paid,
        Money paidAmount, boolean pending, StepState handOn, SettledAs outcome) implements Pending.Entry {

    /** A new record, pending, never handed on. */
    public static QrPaymentRecord fresh(ChargeId chargeId, OrderId orderId, Instant createdAt, boolean paid, Money amount) {
        return new QrPaymentRecord(chargeId, orderId, createdAt, paid, amount, true, StepState.NONE, null);
    }

    /** Builds a record as the table's schema reads it; absent attributes (a Python-era item) read as not paid, not pending, never handed on. */
    static final class Builder extends Pending.EntryBuilder {
        private ChargeId chargeId;
        private OrderId orderId;
        private boolean paid;
        private Money paidAmount;
        private StepState handOn = StepState.NONE;

        void chargeId(ChargeId value) {
            chargeId = value;
        }

        void orderId(OrderId value) {
            orderId = value;
        }

        void paid(Boolean value) {
            paid = Boolean.TRUE.equals(value);
        }

        void paidAmount(Money value) {
            paidAmount = value;
        }

        void handOn(StepState value) {
            handOn = value;
        }

        QrPaymentRecord build() {
            return new QrPaymentRecord(chargeId, orderId, createdAt, paid, paidAmount, pending, handOn, outcome);
        }
    }
}
