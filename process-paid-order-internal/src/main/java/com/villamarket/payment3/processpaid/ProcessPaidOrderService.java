package com.villamarket.payment3.processpaid;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.processpaid.PaidOrderRequest.PaymentType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * ProcessPaidOrderInternal (seed 001): confirms the payment (QR with KBank's inquiry, card from the
 * check-status table, as seed 001 does), then hands the order to the {@link PaidOrderProcessor},
 * which marks it paid, writes the success row and notifies, each once.
 */
public final class ProcessPaidOrderService {

    private final PaidOrderProcessor processor;
    private final ChargeVerifier qrVerifier;
    private final CheckStatusRepository checkStatus;
    private final Money tolerance;

    public ProcessPaidOrderService(PaidOrderProcessor processor, ChargeVerifier qrVerifier,
            CheckStatusRepository checkStatus, Money tolerance) {
        this.processor = processor;
        this.qrVerifier = qrVerifier;
        this.checkStatus = checkStatus;
        this.tolerance = tolerance;
    }

    public static ProcessPaidOrderService create(Components c, Notifier notifier) {
        return new ProcessPaidOrderService(new PaidOrderProcessor(c.orders(), c.processPaidOrderLog(), notifier, c.clock()),
                c.chargeVerifier(ChargeVerifier.Kind.QR), c.checkStatus(), c.config().amountTolerance());
    }

    /**
     * Processes one invocation payload.
     *
     * @throws RuntimeException when processing failed (after writing an {@code is_error} row), so that
     *                          Lambda retries and then puts the event on the failure destination
     */
    public Outcome process(String rawEvent) {
        PaidOrderRequest request = null;
        try {
            request = PaidOrderRequest.parse(rawEvent);
            Log.info("processing paid order", "orderId", request.orderId(), "paymentType", request.paymentType().wire(),
                    "chargeId", request.chargeId(), "callerSaysSuccess", request.success());
            PaidOrderRequest r = request;
            return processor.process(
                    new PaidOrderProcessor.Request(r.orderId(), r.chargeId(), r.paymentType().wire()),
                    order -> confirm(r, order),
                    List.of(processor.notification()));
        } catch (RuntimeException e) {
            processor.recordFailure(request == null ? null : request.orderId().value(),
                    request == null ? null : request.paymentType().wire(),
                    request == null || request.chargeId() == null ? null : request.chargeId().value(), rawEvent, e);
            throw e;
        }
    }

    private VerifiedPayment confirm(PaidOrderRequest request, Order order) {
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + order.orderId() + " has no grandTotal"));
        if (request.paymentType() == PaymentType.QR) {
            return qrVerifier.verify(request.chargeId(), request.orderId(), total, Optional.empty());
        }
        // Card: seed 001 decides from the newest check-status row, which ProcessPaidOrder writes from
        // KBank's charge inquiry. No row yet is worth a retry, so it throws.
        CheckStatus status = checkStatus.latest(order.orderId().value()).orElseThrow(() ->
                new IllegalStateException("no check-status row for order " + order.orderId() + " yet"));
        if (!status.success()) {
            throw new PaymentRejectedException(RejectionReason.NOT_PAID, "the card payment of order "
                    + order.orderId() + " is not successful (status " + status.status() + ")");
        }
        if (status.chargeId() == null) {
            throw new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE, "the check-status row names no charge");
        }
        ChargeId chargeId = ChargeId.parse(status.chargeId());
        if (request.chargeId() != null && !request.chargeId().equals(chargeId)) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER, "the check-status row is for charge "
                    + chargeId + ", not " + request.chargeId());
        }
        Money paid = status.amount() == null ? total : status.amount();
        if (!paid.within(total, tolerance)) {
            throw new PaymentRejectedException(RejectionReason.AMOUNT_MISMATCH, "card amount " + paid.toPlainString()
                    + " does not match order amount " + total.toPlainString());
        }
        return new VerifiedPayment(chargeId, order.orderId(), paid,
                status.paymentMethod() == null ? "card" : status.paymentMethod());
    }
}
