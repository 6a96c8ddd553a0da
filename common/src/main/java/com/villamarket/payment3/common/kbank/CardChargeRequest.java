package com.villamarket.payment3.common.kbank;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;

/**
 * A card charge to create with a KPay.js token ({@code POST /card/v2/charge}, mode {@code token}).
 *
 * @param token          the card token KPay.js gave the browser
 * @param referenceOrder the shop's order id (or {@link OrderId#ADDCARD}), sent as {@code reference_order}
 */
public record CardChargeRequest(Money amount, String description, CardToken token, OrderId referenceOrder) {

    @Override
    public String toString() {
        return "CardChargeRequest[amount=" + amount + ", referenceOrder=" + referenceOrder + "]";
    }
}
