package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A KBank QR/WeChat order created for a shop order.
 *
 * @param referenceOrder the {@code reference_order} sent to KBank, which its QR notification quotes as {@code partnerTxnUid}
 * @param orderId        the shop order it was made for
 * @param kbankOrderId   KBank's order id, {@code order_…}
 * @param pending        whether its payment is unsettled (in the pending index)
 * @param outcome        what it came to once settled; null while pending
 */
public record KBankOrder(String referenceOrder, OrderId orderId, String kbankOrderId, Money amount, String sourceType,
        Instant createdAt, boolean pending, SettledAs outcome) implements Pending.Entry {

    /** Builds an order as the table's schema reads it. */
    static final class Builder extends Pending.EntryBuilder {
        private String referenceOrder;
        private OrderId orderId;
        private String kbankOrderId;
        private Money amount;
        private String sourceType;

        void referenceOrder(String value) {
            referenceOrder = value;
        }

        void orderId(OrderId value) {
            orderId = value;
        }

        void kbankOrderId(String value) {
            kbankOrderId = value;
        }

        void amount(Money value) {
            amount = value;
        }

        void sourceType(String value) {
            sourceType = value;
        }

        KBankOrder build() {
            return new KBankOrder(referenceOrder, orderId, kbankOrderId, amount, sourceType, createdAt, pending, outcome);
        }
    }
}
