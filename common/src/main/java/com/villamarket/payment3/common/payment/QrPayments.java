package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankQrOrder;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.OnceOnly.Claim;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankQrOrderLifecycle;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrChargeLifecycle;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.SettledUnpaid;
import com.villamarket.payment3.common.persistence.StoredDataException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one settle path of a QR payment, whoever reports it (the browser's callback, KBank's
 * notification, reconciliation): KBank's inquiry decides, the charge is bound to the order for
 * ever, and a paid charge is handed to ProcessPaidOrderInternal once.
 */
public final class QrPayments {

    /**
     * What settling did.
     *
     * @param payment  KBank's confirmation; null unless paid
     * @param handedOn whether this call handed the payment on (false: an earlier one did, or it is pending)
     * @param charge   KBank's answer the settlement is from
     * @param handOn   proof that the charge's hand-on is done (by this call or an earlier one); empty while
     *                 pending, refused, or while another run holds the hand-on
     */
    public record Result(Settlement settlement, VerifiedPayment payment, boolean handedOn, KBankCharge charge,
            Optional<QrChargeLifecycle.HandedOn> handOn) {

        /** Whether the charge's hand-on is done (by this call or an earlier one). */
        public boolean handOnDone() {
            return handOn.isPresent();
        }
    }

    private final OrderRepository orders;
    private final QrPaymentRecordRepository records;
    private final QrChargeLifecycle lifecycle;
    private final KBankQrOrderLifecycle kbankOrders;
    private final ChargeVerifier verifier;
    private final Supplier<KBankClient> kbank;
    private final OnceOnly once;
    private final Supplier<AsyncInvoker> invoker;
    private final String processPaidOrderInternalFunction;
    private final Clock clock;

    public QrPayments(OrderRepository orders, QrPaymentRecordRepository records, KBankOrderRepository kbankOrders,
            ChargeVerifier verifier, Supplier<KBankClient> kbank, OnceOnly once, Supplier<AsyncInvoker> invoker,
            String processPaidOrderInternalFunction, Clock clock) {
        this.orders = orders;
        this.records = records;
        this.lifecycle = new QrChargeLifecycle(records, clock);
        this.kbankOrders = new KBankQrOrderLifecycle(kbankOrders, clock);
        this.verifier = verifier;
        this.kbank = kbank;
        this.once = once;
        this.invoker = invoker;
        this.processPaidOrderInternalFunction = processPaidOrderInternalFunction;
        this.clock = clock;
    }

    /**
     * Settles a reported QR payment: a charge KBank says is paid, for this order and its total, is
     * recorded and handed on once; one KBank has not settled yet is recorded as pending (for
     * reconciliation) when it is this order's.
     *
     * @param claimedAmount the amount the reporter says was paid, checked too when present
     * @throws PaymentRejectedException when the payment is refused for good
     * @throws RuntimeException         when KBank or AWS failed (worth a retry)
     */
    public Result settle(OrderId orderId, ChargeId chargeId, Optional<Money> claimedAmount) {
        return settleCharge(orderId, chargeId, claimedAmount, null, Optional.empty());
    }

    /**
     * As {@link #settle(OrderId, ChargeId, Optional)}, running {@code whenHandedOn} when this call hands a newly
     * recorded charge on, at the same time as the hand-on is marked done (so a reporter's own record of a
     * callback costs the browser no round trip of its own); it runs at most once, and only after the
     * hand-on's invocation was accepted.
     */
    public Result settle(OrderId orderId, ChargeId chargeId, Optional<Money> claimedAmount, Runnable whenHandedOn) {
        return settleCharge(orderId, chargeId, claimedAmount, whenHandedOn, Optional.empty());
    }

    /** @param known the KBank order the reporter read already, whose reference KBank's charge may name */
    private Result settleCharge(OrderId orderId, ChargeId chargeId, Optional<Money> claimedAmount, Runnable whenHandedOn,
            Optional<KBankOrder> known) {
        Order order = orders.find(orderId).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + orderId + " has no grandTotal"));
        KBankCharge charge = verifier.fetch(chargeId);
        // Its reference_order must be a KBank order recorded for this order (one read unless the reporter had it).
        Money amount = verifier.checkBelongs(charge, chargeId, orderId, total, claimedAmount, known);
        if (charge.settlement() == Settlement.FAILED) {
            // A failed charge binds nothing: its callback is refused and logged, nothing is recorded.
            verifier.confirm(charge, chargeId, orderId, total, claimedAmount, known);
        }
        boolean paid = charge.settlement() == Settlement.PAID;
        boolean paidTwice = order.isPaid() && !paidWith(order, chargeId);
        // A charge to hand on is recorded with its hand-on claimed in the same write: one write fewer on the
        // browser's path, and a run that dies after it leaves a claim whose lease runs out, as any claim's.
        OnceOnly.NewClaim handOn = paid && !paidTwice ? once.newClaim(OnceOnly.LEASE) : null;
        Optional<QrPaymentRecord> existing = records.recordIfAbsent(
                QrPaymentRecord.fresh(chargeId, orderId, clock.instant(), paid, amount), handOn);
        if (existing.isPresent() && !existing.get().orderId().equals(orderId)) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "charge " + chargeId
                    + " is already recorded for another order");
        }
        if (existing.isPresent() && paid && !existing.get().paid()) {
            records.setPaid(chargeId, amount);
        }
        if (!paid) {
            Log.info("QR charge not settled by KBank yet: recorded as pending", "orderId", orderId, "chargeId", chargeId,
                    "state", charge.transactionState().wire());
            return new Result(Settlement.PENDING, null, false, charge, Optional.empty());
        }
        VerifiedPayment payment = new VerifiedPayment(chargeId, orderId, amount, ChargeVerifier.Kind.QR.paymentMethod());
        if (paidTwice) {
            // Real money came in twice for one order: the record above keeps this charge for the refund. Told at once,
            // once per charge, whoever found it (the callback, the notification, reconciliation), and settled only once
            // told: a run killed between the report's claim and its entry leaves it pending, for reconciliation to tell.
            throw PaymentRejectedException.needsRefund("order " + orderId
                    + " was already paid with another charge; charge " + chargeId + " of "
                    + amount.toPlainString() + " THB needs a refund", records.report(chargeId),
                    () -> lifecycle.settle(chargeId, SettledUnpaid.NEEDS_REFUND));
        }
        if (existing.isPresent() && existing.get().handOn().isDone()) {
            // A report after the hand-on (the browser again, KBank's notify): the record read back says so.
            Log.info("QR charge handed on before", "orderId", orderId, "chargeId", chargeId);
            return new Result(Settlement.PAID, payment, false, charge, QrChargeLifecycle.handedOn(existing.get()));
        }
        if (existing.isEmpty() && handOn != null) {
            Claim ran = once.runClaimed(records.handOn(chargeId), handOn.taken(), OnceOnly.LEASE,
                    () -> handOnEffect(orderId, chargeId), whenHandedOn);
            return new Result(Settlement.PAID, payment, true, charge, QrChargeLifecycle.handedOn(chargeId, ran));
        }
        Claim claim = handOn(orderId, chargeId);
        // Held: another run is handing it on now; its hand-on is not done, so nothing waiting on it is settled.
        return new Result(Settlement.PAID, payment, claim instanceof OnceOnly.Taken, charge,
                QrChargeLifecycle.handedOn(chargeId, claim));
    }

    /**
     * KBank's inquiry of a QR charge, for reconciliation to see whether a charge handed on is still paid.
     *
     * @throws PaymentRejectedException when KBank does not know it
     */
    public KBankCharge inquire(ChargeId chargeId) {
        return verifier.fetch(chargeId);
    }

    private void handOnEffect(OrderId orderId, ChargeId chargeId) {
        invoker.get().invoke(processPaidOrderInternalFunction, PaidOrderRequest.qr(orderId, chargeId).toJson());
    }

    /**
     * Hands a recorded paid charge to ProcessPaidOrderInternal, once.
     *
     * @return {@link OnceOnly.Taken} when this call handed it on, {@link OnceOnly.Done} when one did before,
     *         {@link OnceOnly.Held} while another run does
     */
    private Claim handOn(OrderId orderId, ChargeId chargeId) {
        Claim claim = once.run(records.handOn(chargeId), OnceOnly.LEASE, QrPaymentRecordRepository.boundTo(orderId),
                () -> handOnEffect(orderId, chargeId));
        if (claim instanceof OnceOnly.Unmet) {
            throw new StoredDataException("the QR payment record of " + chargeId + " is missing or bound to another order");
        }
        if (!(claim instanceof OnceOnly.Taken)) {
            Log.info("QR charge handed on before", "orderId", orderId, "chargeId", chargeId);
        }
        return claim;
    }

    /**
     * Settles a recorded KBank QR order (its notification, or reconciliation): the charge KBank's
     * order inquiry names goes through {@link #settle}; the order leaves the pending index once that charge
     * is handed on (not while another run is handing it on: a later report or reconciliation settles it).
     *
     * @throws PaymentPendingException  when KBank's order names no charge yet
     * @throws PaymentRejectedException when the charge is refused for good
     */
    public Result settle(KBankOrder kbankOrder, Optional<Money> claimedAmount) {
        ChargeId chargeId = chargeOf(kbankOrder).orElseThrow(() -> new PaymentPendingException(
                "KBank's order " + kbankOrder.kbankOrderId() + " names no charge yet"));
        Result result = settleCharge(kbankOrder.orderId(), chargeId, claimedAmount, null,
                Optional.of(kbankOrder));
        result.handOn().ifPresent(handedOn -> kbankOrders.settle(kbankOrder, handedOn));
        return result;
    }

    /** The charge KBank's order inquiry names ({@link KBankQrOrder#chargeId}); empty while it names none. */
    public Optional<ChargeId> chargeOf(KBankOrder order) {
        String charge = kbank.get().qrOrder(order.kbankOrderId()).chargeId();
        if (charge == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChargeId.parse(charge));
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE, "KBank's order " + order.kbankOrderId()
                    + " names something that is not a charge id");
        }
    }

    /** Whether the order's payment is this charge (ours, or the Python stack's header). */
    static boolean paidWith(Order order, ChargeId chargeId) {
        return chargeId.equals(order.paidChargeId())
                || (order.paidChargeId() == null && chargeId.value().equals(order.headerPaymentId()));
    }
}
