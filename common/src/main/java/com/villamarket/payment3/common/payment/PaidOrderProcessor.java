package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Takes an order from unpaid to paid, once: confirms the payment, marks the order paid with one
 * conditional write, writes the one success row, then runs each after-paid step (notification, Pay
 * function, saving the card) once, each behind its own claim on the order item.
 *
 * <p>Every part can run again: an invocation that finds the order marked paid with its own charge
 * finishes whatever an earlier one left undone and repeats nothing. Shared by ProcessPaidOrderInternal
 * (QR and card) and ProcessPaidOrder (card).
 */
public final class PaidOrderProcessor {

    /** What a run did. */
    public enum Outcome {
        /** The order is paid with this charge (by this run or an earlier one). */
        PAID,
        /** The order was paid already with another charge, or by the Python stack. */
        ALREADY_PAID,
        /** The payment is refused for good; the order stays unpaid. */
        NOT_PAID
    }

    /** Decides whether the payment pays the order: a {@link PaymentRejectedException} is final, anything else is retried. */
    @FunctionalInterface
    public interface Confirmation {
        VerifiedPayment confirm(Order order);
    }

    /**
     * An after-paid step, run once per order.
     *
     * @param attribute the order item attribute that claims it, one of {@link OrderRepository#STEPS}
     */
    public record Step(String attribute, BiConsumer<Order, VerifiedPayment> action) {
    }

    /**
     * One request to process.
     *
     * @param chargeId the charge the caller means; null when the confirmation names it (card)
     */
    public record Request(OrderId orderId, ChargeId chargeId, String paymentType) {
    }

    private static final int MARK_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final ProcessPaidOrderLogRepository log;
    private final Notifier notifier;
    private final Clock clock;

    public PaidOrderProcessor(OrderRepository orders, ProcessPaidOrderLogRepository log, Notifier notifier, Clock clock) {
        this.orders = orders;
        this.log = log;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The notification step: the paid e-mail (and SNS message) once per order. */
    public Step notification() {
        return new Step(OrderRepository.NOTIFIED_AT, (order, payment) -> notifier.paid(payment));
    }

    /**
     * Processes one request.
     *
     * @param steps run in this order after the paid transition, each once
     * @throws IllegalStateException when the order does not exist or kept changing (worth a retry)
     */
    public Outcome process(Request request, Confirmation confirmation, List<Step> steps) {
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            Order order = orders.find(request.orderId()).orElseThrow(() ->
                    new IllegalStateException("order " + request.orderId() + " does not exist"));
            if (order.paidChargeId() != null) {
                if (request.chargeId() == null || order.paidChargeId().equals(request.chargeId().value())) {
                    return finish(order, request.paymentType(), steps);
                }
                return alreadyPaid(order, request);
            }
            if (order.isPaid()) {
                return alreadyPaid(order, request);
            }
            VerifiedPayment payment;
            try {
                payment = confirmation.confirm(order);
            } catch (PaymentRejectedException e) {
                return notPaid(order, request, e);
            }
            Instant now = clock.instant();
            if (orders.markPaid(order, PaymentHeader.paid(payment, now), payment.chargeId(), now)) {
                Log.info("order marked paid", "orderId", order.orderId(), "chargeId", payment.chargeId());
                return finish(orders.find(order.orderId()).orElseThrow(), request.paymentType(), steps);
            }
            Log.info("order changed while being marked paid; reading it again", "orderId", order.orderId(),
                    "attempt", attempt);
        }
        throw new IllegalStateException("order " + request.orderId() + " kept changing while being marked paid");
    }

    /**
     * Writes the {@code is_error} row of a run that failed, keeping the raw event; never throws.
     *
     * @param orderId null when the event named none usable
     */
    public void recordFailure(String orderId, String paymentType, String chargeId, String rawEvent, RuntimeException e) {
        try {
            ObjectNode data = Json.object();
            data.put("event", rawEvent);
            log.recordAttempt(new ProcessPaidOrderLog(orderId == null ? "-" : orderId, clock.instant(), Json.write(data),
                    true, paymentType, chargeId, "FAILED", e.getClass().getName() + ": " + e.getMessage()));
        } catch (RuntimeException logFailure) {
            Log.error("could not write the error row; raw event follows", logFailure, "event", rawEvent);
        }
    }

    private Outcome finish(Order order, String paymentType, List<Step> steps) {
        VerifiedPayment payment = fromHeader(order);
        if (!log.recordSuccessOnce(new ProcessPaidOrderLog(order.orderId().value(), order.paidAt(),
                Json.write(order.data()), false, paymentType, payment.chargeId().value(), "PAID", null))) {
            Log.info("success row already written", "orderId", order.orderId());
        }
        for (Step step : steps) {
            Instant now = clock.instant();
            if (!orders.claimStep(order.orderId(), payment.chargeId(), step.attribute(), now)) {
                Log.info("step already done", "orderId", order.orderId(), "step", step.attribute());
                continue;
            }
            try {
                step.action().accept(order, payment);
            } catch (RuntimeException e) {
                orders.releaseStep(order.orderId(), step.attribute(), now);
                throw e;
            }
        }
        return Outcome.PAID;
    }

    private static VerifiedPayment fromHeader(Order order) {
        JsonNode header = order.data().path("payment");
        JsonNode total = header.path("totalPaid");
        BigDecimal amount = total.isNumber() ? total.decimalValue() : new BigDecimal(total.asText("0"));
        return new VerifiedPayment(ChargeId.parse(order.paidChargeId()), order.orderId(), Money.of(amount),
                header.path("paymentMethod").asText("qr"));
    }

    private Outcome alreadyPaid(Order order, Request request) {
        String by = order.paidChargeId() != null ? order.paidChargeId() : order.headerPaymentId();
        boolean sameCharge = request.chargeId() != null && request.chargeId().value().equals(by);
        if (!sameCharge) {
            log.recordAttempt(new ProcessPaidOrderLog(order.orderId().value(), clock.instant(), Json.write(order.data()),
                    true, request.paymentType(), request.chargeId() == null ? null : request.chargeId().value(),
                    "ALREADY_PAID", "order was already paid with " + by));
        }
        Log.warn("order already paid", "orderId", order.orderId(), "paidWith", by, "chargeId", request.chargeId());
        return Outcome.ALREADY_PAID;
    }

    private Outcome notPaid(Order order, Request request, PaymentRejectedException e) {
        String charge = request.chargeId() == null ? null : request.chargeId().value();
        log.recordAttempt(new ProcessPaidOrderLog(order.orderId().value(), clock.instant(), Json.write(order.data()),
                true, request.paymentType(), charge, "NOT_PAID", e.getMessage()));
        try {
            notifier.failed(order.orderId(), request.paymentType(), charge, e.getMessage());
        } catch (RuntimeException sendFailure) {
            Log.error("could not send the failed-payment notification", sendFailure, "orderId", order.orderId());
        }
        return Outcome.NOT_PAID;
    }
}
