package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A card payment: the token a customer paid with, bound to one order.
 *
 * @param tokenId          the KPay.js card token, {@code tokn_…} (the hash key)
 * @param orderId          the shop's order id, or {@code ADDCARD}
 * @param chargeId         KBank's charge id; null until KBank created the charge
 * @param paid             whether KBank's inquiry said the charge is paid, as last checked
 * @param amount           what was charged
 * @param callbackUrl      where the shop asked the customer to be sent back; null for none
 * @param saveCard         whether the customer asked to keep the card
 * @param ownerId          the customer's id in the shop; null when unknown
 * @param processInvokedAt when the charge was handed on; null when not yet
 */
public record CardPaymentRecord(String tokenId, String orderId, String chargeId, boolean paid, Money amount,
        String callbackUrl, boolean saveCard, String ownerId, Instant createdAt, Instant processInvokedAt) {

    /** The order id of a card-verification charge with no order (seed 002, Flow 4). */
    public static final String ADDCARD = "ADDCARD";

    public boolean isAddCard() {
        return ADDCARD.equals(orderId);
    }
}
