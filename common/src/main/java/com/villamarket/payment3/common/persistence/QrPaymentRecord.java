package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import java.time.Instant;

/**
 * A QR charge recorded against one order: the binding chargeId to orderId, for ever.
 *
 * @param paidAmount       what KBank says was paid; null when unknown
 * @param processInvokedAt when ProcessPaidOrderInternal was invoked for it; null when not yet
 */
public record QrPaymentRecord(ChargeId chargeId, OrderId orderId, Instant createdAt, boolean paid,
        Money paidAmount, Instant processInvokedAt) {
}
