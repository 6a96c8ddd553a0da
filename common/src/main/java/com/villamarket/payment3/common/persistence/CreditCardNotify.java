package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * A card callback or notify as received, with KBank's answer for the charge.
 *
 * @param source           {@code callback} or {@code notify}
 * @param statusReceived   the status the caller claimed; null when none
 * @param kbankStatus      KBank's {@code status}; null when not asked
 * @param transactionState KBank's {@code transaction_state}; null when not asked
 * @param rawEvent         the complete event, JSON
 */
public record CreditCardNotify(String chargeId, Instant createdAt, String source, String orderId, String tokenId,
        String statusReceived, String kbankStatus, String transactionState, boolean paid, String rawEvent) {
}
