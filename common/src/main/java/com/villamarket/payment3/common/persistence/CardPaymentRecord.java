package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import java.time.Instant;
import java.util.List;

/**
 * A card payment: the token a customer paid with, bound to one order.
 *
 * @param tokenId     the KPay.js card token, {@code tokn_…} (the hash key)
 * @param orderId     the shop's order id, or {@code ADDCARD}
 * @param chargeId    KBank's charge id; null until KBank created the charge
 * @param paid        whether KBank's inquiry said the charge is paid, as last checked
 * @param amount      what was charged
 * @param callbackUrl where the shop asked the customer to be sent back; null for none
 * @param saveCard    whether the customer asked to keep the card
 * @param ownerId     the customer's id in the shop; null when unknown
 * @param pending     whether the payment is unsettled (in the pending index)
 * @param handOn      the once-only hand-on (ProcessPaidOrder, or saving an ADDCARD card)
 * @param outcome     what the payment came to once settled; null while pending
 * @param keptCharges charges KBank made for this record's order that a notify could not tell from another
 *                    record's (the Python stack's charges name no token); empty when none
 */
public record CardPaymentRecord(String tokenId, String orderId, String chargeId, boolean paid, Money amount,
        String callbackUrl, boolean saveCard, String ownerId, Instant createdAt, boolean pending, StepState handOn,
        SettledAs outcome, List<String> keptCharges) {

    public CardPaymentRecord {
        keptCharges = List.copyOf(keptCharges);
    }

    /** The order id of a card-verification charge with no order. */
    public static final String ADDCARD = "ADDCARD";
    /** What a card verification charges (and voids). */
    public static final Money ADDCARD_AMOUNT = Money.of("1.00");

    /** A new record, before KBank is asked for the charge: pending, never handed on. */
    public static CardPaymentRecord fresh(String tokenId, String orderId, Money amount, String callbackUrl,
            boolean saveCard, String ownerId, Instant createdAt) {
        return new CardPaymentRecord(tokenId, orderId, null, false, amount, callbackUrl, saveCard, ownerId, createdAt,
                true, StepState.NONE, null, List.of());
    }

    public boolean isAddCard() {
        return ADDCARD.equals(orderId);
    }
}
