package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;

/** A charge KBank confirmed as paid, for this order, for the order's total. */
public record VerifiedPayment(ChargeId chargeId, OrderId orderId, Money paidAmount, String paymentMethod) {
}
