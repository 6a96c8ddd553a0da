package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import java.time.Clock;
import java.util.Optional;

/**
 * Accepts a QR payment for an order, whoever reports it (the browser's callback, KBank's
 * notification): KBank confirms the charge, the charge is bound to the order for ever, and the order
 * is handed to ProcessPaidOrderInternal once.
 */
public final class QrPaymentAcceptor {

    /** A payment accepted: KBank's confirmation, and whether this call handed it on (false: a replay). */
    public record Accepted(VerifiedPayment payment, boolean handedOn) {
    }

    private final ChargeVerifier verifier;
    private final OrderRepository orders;
    private final QrPaymentRecordRepository payments;
    private final QrHandoff handoff;
    private final Clock clock;

    public QrPaymentAcceptor(ChargeVerifier verifier, OrderRepository orders, QrPaymentRecordRepository payments,
            QrHandoff handoff, Clock clock) {
        this.verifier = verifier;
        this.orders = orders;
        this.payments = payments;
        this.handoff = handoff;
        this.clock = clock;
    }

    /**
     * Accepts a reported payment.
     *
     * @param claimedAmount the amount the reporter says was paid, checked too when present
     * @throws PaymentRejectedException when the payment is refused (final)
     * @throws RuntimeException         when KBank or AWS failed (worth a retry)
     */
    public Accepted accept(OrderId orderId, ChargeId chargeId, Optional<Money> claimedAmount) {
        Order order = orders.find(orderId).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + orderId + " has no grandTotal"));
        VerifiedPayment payment = verifier.verify(chargeId, orderId, total, claimedAmount);
        Optional<QrPaymentRecord> existing = payments.recordIfAbsent(new QrPaymentRecord(
                chargeId, orderId, clock.instant(), true, payment.paidAmount(), null));
        if (existing.isPresent() && !existing.get().orderId().equals(orderId)) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "charge " + chargeId
                    + " is already recorded for another order");
        }
        if (order.isPaid() && !paidWith(order, chargeId)) {
            // Real money came in twice for one order: the record above keeps this charge for the refund.
            throw new PaymentRejectedException(RejectionReason.ORDER_ALREADY_PAID, "order " + orderId
                    + " was already paid with another charge; charge " + chargeId + " of "
                    + payment.paidAmount().toPlainString() + " THB needs a refund");
        }
        return new Accepted(payment, handoff.handOn(chargeId, orderId));
    }

    private static boolean paidWith(Order order, ChargeId chargeId) {
        String charge = chargeId.value();
        return charge.equals(order.paidChargeId())
                || (order.paidChargeId() == null && charge.equals(order.headerPaymentId()));
    }
}
