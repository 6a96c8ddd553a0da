package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import java.time.Instant;
import java.util.List;

/**
 * A card payment: the token a customer paid with, bound to one order.
 *
 * @param tokenId     the KPay.js card token, {@code tokn_…} (the hash key)
 * @param orderId     the shop's order id, or {@link OrderId#ADDCARD}
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
public record CardPaymentRecord(CardToken tokenId, OrderId orderId, ChargeId chargeId, boolean paid, Money amount,
        String callbackUrl, boolean saveCard, OwnerId ownerId, Instant createdAt, boolean pending, StepState handOn,
        SettledAs outcome, List<ChargeId> keptCharges) implements Pending.Entry {

    public CardPaymentRecord {
        keptCharges = List.copyOf(keptCharges);
    }

    /** What a card verification charges (and voids). */
    public static final Money ADDCARD_AMOUNT = Money.of("1.00");

    /** A new record, before KBank is asked for the charge: pending, never handed on. */
    public static CardPaymentRecord fresh(CardToken tokenId, OrderId orderId, Money amount, String callbackUrl,
            boolean saveCard, OwnerId ownerId, Instant createdAt) {
        return new CardPaymentRecord(tokenId, orderId, null, false, amount, callbackUrl, saveCard, ownerId, createdAt,
                true, StepState.NONE, null, List.of());
    }

    public boolean isAddCard() {
        return orderId.isAddCard();
    }

    /**
     * Builds a record as the table's schema reads it; absent attributes (a Python-era item: no amount, no
     * creation time, no marker of ours) read as null, false, not pending, never handed on, nothing kept.
     */
    static final class Builder extends Pending.EntryBuilder {
        private CardToken tokenId;
        private OrderId orderId;
        private ChargeId chargeId;
        private boolean paid;
        private Money amount;
        private String callbackUrl;
        private boolean saveCard;
        private OwnerId ownerId;
        private StepState handOn = StepState.NONE;
        private List<ChargeId> keptCharges = List.of();

        void tokenId(CardToken value) {
            tokenId = value;
        }

        void orderId(OrderId value) {
            orderId = value;
        }

        void chargeId(ChargeId value) {
            chargeId = value;
        }

        void paid(Boolean value) {
            paid = Boolean.TRUE.equals(value);
        }

        void amount(Money value) {
            amount = value;
        }

        void callbackUrl(String value) {
            callbackUrl = value;
        }

        void saveCard(Boolean value) {
            saveCard = Boolean.TRUE.equals(value);
        }

        void ownerId(OwnerId value) {
            ownerId = value;
        }

        void handOn(StepState value) {
            handOn = value;
        }

        void keptCharges(List<ChargeId> value) {
            keptCharges = value;
        }

        CardPaymentRecord build() {
            return new CardPaymentRecord(tokenId, orderId, chargeId, paid, amount, callbackUrl, saveCard, ownerId,
                    createdAt, pending, handOn, outcome, keptCharges);
        }
    }
}
