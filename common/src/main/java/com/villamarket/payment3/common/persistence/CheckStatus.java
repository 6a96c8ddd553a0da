package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A card charge's status as checked with KBank, from the check-status table.
 *
 * @param status        KBank's status text, for example {@code success}
 * @param paymentMethod for example {@code card}; null when absent
 * @param amount        the checked amount; null when absent
 */
public record CheckStatus(String orderId, Instant createdAt, String chargeId, String status, boolean success,
        String paymentMethod, Money amount) {
}
