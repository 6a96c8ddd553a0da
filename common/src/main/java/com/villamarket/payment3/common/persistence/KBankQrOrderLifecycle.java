package com.villamarket.payment3.common.persistence;

import java.time.Clock;

/**
 * The one way a KBank QR order leaves the pending index: {@code PAID} only with the proof that the charge it
 * was paid with is handed on ({@link QrChargeLifecycle.HandedOn}; that charge's own record is followed to the
 * end by its lifecycle), anything else as a {@link SettledUnpaid}. The first settlement wins.
 */
public final class KBankQrOrderLifecycle extends Lifecycle<String> {

    public KBankQrOrderLifecycle(KBankOrderRepository orders, Clock clock) {
        super(orders::settle, clock);
    }

    /** Settles the order {@code PAID} with the charge KBank's order names, handed on; false when settled before. */
    public boolean settle(KBankOrder order, QrChargeLifecycle.HandedOn charge) {
        return settlePaid(order.referenceOrder());
    }
}
