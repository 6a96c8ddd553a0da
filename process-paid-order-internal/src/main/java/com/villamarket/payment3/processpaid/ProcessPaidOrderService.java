package com.villamarket.payment3.processpaid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.payment.PaymentHeader;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrChargeVerifier;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.processpaid.PaidOrderRequest.PaymentType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * ProcessPaidOrderInternal (seed 001): confirms the payment (QR with KBank's inquiry, card from
 * the check-status table), marks the order paid with one conditional write, writes the one success
 * row and sends the one notification.
 *
 * <p>Each step can be run again: an invocation that finds the order marked paid with its own charge
 * finishes whatever a failed earlier invocation left undone, and does nothing twice.
 */
public final class ProcessPaidOrderService {

    /** What an invocation did. */
    public enum Outcome {
        /** The order is paid with this charge (by this invocation or an earlier one). */
        PAID,
        /** The order was paid already with another charge, or by the Python stack. */
        ALREADY_PAID,
        /** KBank (or the check-status table) says this payment is not good; the order stays unpaid. */
        NOT_PAID
    }

    private static final int MARK_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final QrChargeVerifier qrVerifier;
    private final CheckStatusRepository checkStatus;
    private final ProcessPaidOrderLogRepository log;
    private final Notifier notifier;
    private final Money tolerance;
    private final Clock clock;

    public ProcessPaidOrderService(OrderRepository orders, QrChargeVerifier qrVerifier,
            CheckStatusRepository checkStatus, ProcessPaidOrderLogRepository log, Notifier notifier,
            Money tolerance, Clock clock) {
        this.orders = orders;
        this.qrVerifier = qrVerifier;
        this.checkStatus = checkStatus;
        this.log = log;
        this.notifier = notifier;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public static ProcessPaidOrderService create(Components c, Notifier notifier) {
        return new ProcessPaidOrderService(c.orders(), c.qrChargeVerifier(), c.checkStatus(), c.processPaidOrderLog(),
                notifier, c.config().amountTolerance(), c.clock());
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
            return process(request);
        } catch (RuntimeException e) {
            recordError(request, rawEvent, e);
            throw e;
        }
    }

    private Outcome process(PaidOrderRequest request) {
        Log.info("processing paid order", "orderId", request.orderId(), "paymentType", request.paymentType().wire(),
                "chargeId", request.chargeId(), "callerSaysSuccess", request.success());
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            Order order = orders.find(request.orderId()).orElseThrow(() ->
                    new IllegalStateException("order " + request.orderId() + " does not exist"));
            if (order.paidChargeId() != null) {
                if (request.chargeId() == null || order.paidChargeId().equals(request.chargeId().value())) {
                    return finish(order, request.paymentType());
                }
                return alreadyPaid(order, request);
            }
            if (order.isPaid()) {
                return alreadyPaid(order, request);
            }
            VerifiedPayment payment;
            try {
                payment = confirm(request, order);
            } catch (PaymentRejectedException e) {
                return notPaid(order, request, e);
            }
            Instant now = clock.instant();
            if (orders.markPaid(order, PaymentHeader.paid(payment, now), payment.chargeId(), now)) {
                Log.info("order marked paid", "orderId", order.orderId(), "chargeId", payment.chargeId());
                return finish(orders.find(order.orderId()).orElseThrow(), request.paymentType());
            }
            Log.info("order changed while being marked paid; reading it again", "orderId", order.orderId(),
                    "attempt", attempt);
        }
        throw new IllegalStateException("order " + request.orderId() + " kept changing while being marked paid");
    }

    private VerifiedPayment confirm(PaidOrderRequest request, Order order) {
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + order.orderId() + " has no grandTotal"));
        if (request.paymentType() == PaymentType.QR) {
            return qrVerifier.verify(request.chargeId(), request.orderId(), total, Optional.empty());
        }
        // Card: seed 001 decides from the newest check-status row, which the card functions write
        // from KBank's charge inquiry. No row yet is worth a retry, so it throws.
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

    /** The steps after the paid transition; each happens once however often this runs. */
    private Outcome finish(Order order, PaymentType type) {
        VerifiedPayment payment = fromHeader(order);
        boolean wrote = log.recordSuccessOnce(new ProcessPaidOrderLog(order.orderId().value(), order.paidAt(),
                Json.write(order.data()), false, type.wire(), payment.chargeId().value(), "PAID", null));
        if (!wrote) {
            Log.info("success row already written", "orderId", order.orderId());
        }
        Instant now = clock.instant();
        if (orders.claimNotification(order.orderId(), payment.chargeId(), now)) {
            try {
                notifier.paid(payment);
            } catch (RuntimeException e) {
                orders.releaseNotification(order.orderId(), now);
                throw e;
            }
        } else {
            Log.info("paid notification already sent", "orderId", order.orderId());
        }
        return Outcome.PAID;
    }

    private static VerifiedPayment fromHeader(Order order) {
        JsonNode header = order.data().path("payment");
        BigDecimal total = header.path("totalPaid").isNumber() ? header.path("totalPaid").decimalValue()
                : new BigDecimal(header.path("totalPaid").asText("0"));
        return new VerifiedPayment(ChargeId.parse(order.paidChargeId()), order.orderId(), Money.of(total),
                header.path("paymentMethod").asText("qr"));
    }

    private Outcome alreadyPaid(Order order, PaidOrderRequest request) {
        String by = order.paidChargeId() != null ? order.paidChargeId() : order.headerPaymentId();
        boolean sameCharge = request.chargeId() != null && request.chargeId().value().equals(by);
        if (!sameCharge) {
            log.recordAttempt(new ProcessPaidOrderLog(order.orderId().value(), clock.instant(), Json.write(order.data()),
                    true, request.paymentType().wire(), request.chargeId() == null ? null : request.chargeId().value(),
                    "ALREADY_PAID", "order was already paid with " + by));
        }
        Log.warn("order already paid", "orderId", order.orderId(), "paidWith", by, "chargeId", request.chargeId());
        return Outcome.ALREADY_PAID;
    }

    private Outcome notPaid(Order order, PaidOrderRequest request, PaymentRejectedException e) {
        String charge = request.chargeId() == null ? null : request.chargeId().value();
        log.recordAttempt(new ProcessPaidOrderLog(order.orderId().value(), clock.instant(), Json.write(order.data()),
                true, request.paymentType().wire(), charge, "NOT_PAID", e.getMessage()));
        try {
            notifier.failed(order.orderId(), request.paymentType().wire(), charge, e.getMessage());
        } catch (RuntimeException sendFailure) {
            Log.error("could not send the failed-payment notification", sendFailure, "orderId", order.orderId());
        }
        return Outcome.NOT_PAID;
    }

    private void recordError(PaidOrderRequest request, String rawEvent, RuntimeException e) {
        try {
            ObjectNode data = Json.object();
            data.put("event", rawEvent);
            log.recordAttempt(new ProcessPaidOrderLog(request == null ? "-" : request.orderId().value(), clock.instant(),
                    Json.write(data), true, request == null ? null : request.paymentType().wire(),
                    request == null || request.chargeId() == null ? null : request.chargeId().value(),
                    "FAILED", e.getClass().getName() + ": " + e.getMessage()));
        } catch (RuntimeException logFailure) {
            Log.error("could not write the error row; raw event follows", logFailure, "event", rawEvent);
        }
        Log.error("processing failed; Lambda will retry, then the failure destination holds the event", e,
                "event", rawEvent);
    }
}
