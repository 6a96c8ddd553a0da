package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import java.time.Instant;

/**
 * A card callback or notify as received, with KBank's answer for the charge: its ids are the card payment record's
 * the report was bound to (checked before it is written), what the caller claimed is kept as text.
 *
 * @param source           {@code callback} or {@code notify}
 * @param statusReceived   the status the caller claimed; null when none
 * @param kbankStatus      KBank's {@code status}; null when not asked
 * @param transactionState KBank's {@code transaction_state}; null when not asked
 * @param rawEvent         the complete event, JSON
 */
public record CreditCardNotify(ChargeId chargeId, Instant createdAt, String source, OrderId orderId, CardToken tokenId,
        String statusReceived, String kbankStatus, String transactionState, boolean paid, String rawEvent) {

    /** Builds a CreditCardNotify as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private ChargeId chargeId;
        private Instant createdAt;
        private String source;
        private OrderId orderId;
        private CardToken tokenId;
        private String statusReceived;
        private String kbankStatus;
        private String transactionState;
        private boolean paid;
        private String rawEvent;

        void chargeId(ChargeId value) {
            chargeId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void source(String value) {
            source = value;
        }

        void orderId(OrderId value) {
            orderId = value;
        }

        void tokenId(CardToken value) {
            tokenId = value;
        }

        void statusReceived(String value) {
            statusReceived = value;
        }

        void kbankStatus(String value) {
            kbankStatus = value;
        }

        void transactionState(String value) {
            transactionState = value;
        }

        void paid(Boolean value) {
            paid = Boolean.TRUE.equals(value);
        }

        void rawEvent(String value) {
            rawEvent = value;
        }

        CreditCardNotify build() {
            return new CreditCardNotify(chargeId, createdAt, source, orderId, tokenId, statusReceived, kbankStatus, transactionState, paid, rawEvent);
        }
    }
}
