package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A KBank QR/WeChat order created for a shop order.
 *
 * @param referenceOrder the {@code reference_order} sent to KBank, which its QR notification quotes as {@code partnerTxnUid}
 * @param kbankOrderId   KBank's order id, {@code order_…}
 * @param pending        whether its payment is unsettled (in the pending index)
 * @param outcome        what it came to once settled; null while pending
 */
public record KBankOrder(String referenceOrder, String orderId, String kbankOrderId, Money amount, String sourceType,
        Instant createdAt, boolean pending, SettledAs outcome) {
}
