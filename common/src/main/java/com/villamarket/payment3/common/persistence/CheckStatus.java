package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A card charge's status as checked with KBank, from the check-status table.
 *
 * @param status        KBank's status text, for example {@code success}
 * @param paymentMethod for example {@code card}; null when absent
 * @param amount        the checked amount; null when absent
 */
public record CheckStatus(OrderId orderId, Instant createdAt, ChargeId chargeId, String status, boolean success,
        String paymentMethod, Money amount) {

    /** Builds a CheckStatus as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private OrderId orderId;
        private Instant createdAt;
        private ChargeId chargeId;
        private String status;
        private boolean success;
        private String paymentMethod;
        private Money amount;

        void orderId(OrderId value) {
            orderId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void chargeId(ChargeId value) {
            chargeId = value;
        }

        void status(String value) {
            status = value;
        }

        void success(Boolean value) {
            success = Boolean.TRUE.equals(value);
        }

        void paymentMethod(String value) {
            paymentMethod = value;
        }

        void amount(Money value) {
            amount = value;
        }

        CheckStatus build() {
            // The Python stack's rows may say it by the status alone, and it reads them so.
            return new CheckStatus(orderId, createdAt, chargeId, status, success || "success".equals(status),
                    paymentMethod, amount);
        }
    }
}
