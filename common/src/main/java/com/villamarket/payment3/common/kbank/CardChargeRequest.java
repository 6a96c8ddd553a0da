package com.villamarket.payment3.common.kbank;

import com.villamarket.payment3.common.money.Money;

/**
 * A card charge to create with a KPay.js token ({@code POST /card/v2/charge}, mode {@code token}).
 *
 * @param token          the card token, {@code tokn_…}
 * @param referenceOrder the shop's order id (or {@code ADDCARD})
 */
public record CardChargeRequest(Money amount, String description, String token, String referenceOrder) {

    @Override
    public String toString() {
        return "CardChargeRequest[amount=" + amount + ", referenceOrder=" + referenceOrder + "]";
    }
}
