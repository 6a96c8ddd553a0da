package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Config.PayFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.OnceOnly.Claim;
import com.villamarket.payment3.common.payment.CardPayments.Found;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.PaymentType;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.StoredDataException;
import java.time.Clock;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Takes an order from unpaid to paid, once, for ProcessPaidOrderInternal (QR and card) and
 * ProcessPaidOrder (card): KBank's inquiry confirms the payment, one conditional write marks the
 * order paid, one success row is written, then each after-paid step runs once (a once-only step on
 * the order item), and the order is marked finished when all are done.
 *
 * <p>Every part can run again: an invocation that finds the order paid with its own charge finishes
 * whatever an earlier one left undone (a step whose run died is taken over after its lease) and
 * repeats nothing else. A charge KBank has not settled is never recorded as a failure.
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

    /** An after-paid step, run once per order. */
    public enum AfterPaid {
        /**
         * The shop's Pay function gets the payment header (when {@code PAY_FUNCTION_NAME} is set), by its
         * own name and {@code PAY_FUNCTION_QUALIFIER}, not through this suite's alias.
         */
        PAY,
        /** The paid e-mail and SNS message; at least once (an e-mail cannot be taken back). */
        NOTIFY,
        /** kbank-create-user keeps the card, when the customer asked for it. */
        SAVE_CARD
    }

    private static final int MARK_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final ProcessPaidOrderLogRepository log;
    private final QrPaymentRecordRepository qrRecords;
    private final ChargeVerifier qrVerifier;
    private final CardPayments cards;
    private final OnceOnly once;
    private final Supplier<Notifier> notifier;
    private final Supplier<AsyncInvoker> invoker;
    private final Optional<PayFunction> payFunction;
    private final String createUserFunction;
    private final Clock clock;
    private final ErrorLogger errors;

    public PaidOrderProcessor(OrderRepository orders, ProcessPaidOrderLogRepository log,
            QrPaymentRecordRepository qrRecords, ChargeVerifier qrVerifier, CardPayments cards, OnceOnly once,
            Supplier<Notifier> notifier, Supplier<AsyncInvoker> invoker, Optional<PayFunction> payFunction,
            String createUserFunction, ErrorLogger errors, Clock clock) {
        this.errors = errors;
        this.orders = orders;
        this.log = log;
        this.qrRecords = qrRecords;
        this.qrVerifier = qrVerifier;
        this.cards = cards;
        this.once = once;
        this.notifier = notifier;
        this.invoker = invoker;
        this.payFunction = payFunction;
        this.createUserFunction = createUserFunction;
        this.clock = clock;
    }

    /**
     * Processes one invocation payload.
     *
     * @param function  the calling function's name, as its error log entries name it
     * @param afterPaid the after-paid steps of the calling function, in order
     * @throws RuntimeException when processing failed (after writing an {@code is_error} row), so that
     *                          Lambda retries and then puts the event on the failure destination
     */
    public Outcome process(String function, String rawEvent, List<AfterPaid> afterPaid) {
        PaidOrderRequest request = null;
        try {
            request = PaidOrderRequest.parse(rawEvent);
            Log.info("processing paid order", "orderId", request.orderId(), "paymentType", request.paymentType().wire(),
                    "chargeId", request.chargeId(), "callerSaysSuccess", request.success());
            if (request.paymentType() == PaymentType.CARD && request.orderId().isAddCard()) {
                // A card verification has no order: card-token and the callback keep the card and void the charge.
                Log.warn("asked to process an ADDCARD charge; nothing to process", "chargeId", request.chargeId());
                return Outcome.NOT_PAID;
            }
            return process(function, rawEvent, request, afterPaid);
        } catch (RuntimeException e) {
            recordFailure(request, rawEvent, e);
            throw e;
        }
    }

    private Outcome process(String function, String rawEvent, PaidOrderRequest request, List<AfterPaid> afterPaid) {
        Optional<CardPaymentRecord> card = Optional.empty();
        Optional<Found> cardFound = Optional.empty();
        ChargeId chargeId = request.chargeId();
        try {
            if (request.paymentType() == PaymentType.CARD) {
                Found found = cards.forProcessing(request);
                cardFound = Optional.of(found);
                card = Optional.of(found.record());
                chargeId = found.record().chargeId();
            } else {
                checkQrBinding(request);
            }
        } catch (PaymentRejectedException e) {
            return unbound(request, e);
        }
        ChargeId charge = chargeId;
        Optional<Found> paidCard = cardFound;
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            Order order = orders.find(request.orderId()).orElseThrow(() ->
                    new StoredDataException("order " + request.orderId() + " does not exist"));
            if (order.paidChargeId() != null) {
                if (order.paidChargeId().equals(charge)) {
                    return finish(order, request.paymentType(), afterPaid, card);
                }
                return alreadyPaid(function, rawEvent, order, request, charge, paidCard);
            }
            if (order.isPaid()) {
                return alreadyPaid(function, rawEvent, order, request, charge, paidCard);
            }
            VerifiedPayment payment;
            try {
                payment = request.paymentType() == PaymentType.QR
                        ? qrVerifier.verify(charge, order.orderId(), total(order), Optional.empty())
                        : cards.confirm(order, charge);
            } catch (PaymentRejectedException e) {
                return notPaid(order, request, charge, e);
            }
            Instant now = clock.instant();
            if (orders.markPaid(order, PaymentHeader.paid(payment, now), payment.chargeId(), now)) {
                Log.info("order marked paid", "orderId", order.orderId(), "chargeId", payment.chargeId());
                return finish(orders.find(order.orderId()).orElseThrow(), request.paymentType(), afterPaid, card);
            }
            Log.info("order changed while being marked paid; reading it again", "orderId", order.orderId(),
                    "attempt", attempt);
        }
        throw new ConcurrentModificationException("order " + request.orderId() + " kept changing while being marked paid");
    }

    /**
     * Whoever invokes this function (a hand-on, reconciliation, replay, a person), a QR charge pays only
     * the order its QR payment record binds it to, and only once the settle path recorded it paid.
     */
    private void checkQrBinding(PaidOrderRequest request) {
        QrPaymentRecord record = qrRecords.find(request.chargeId()).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.UNKNOWN_CHARGE, "no QR payment is recorded for charge " + request.chargeId()));
        if (!record.orderId().equals(request.orderId())) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "charge " + request.chargeId()
                    + " is recorded for order " + record.orderId() + ", not " + request.orderId());
        }
        if (!record.paid()) {
            throw new PaymentRejectedException(RejectionReason.NOT_PAID, "the QR payment record of charge "
                    + request.chargeId() + " is not recorded as paid");
        }
    }

    /**
     * A payload whose charge the suite's records do not bind to its order: refused and logged, the order
     * left as it is and its customer told nothing (the payload is not theirs), no retry (it is refused again).
     */
    private Outcome unbound(PaidOrderRequest request, PaymentRejectedException e) {
        String charge = request.chargeId() == null ? null : request.chargeId().value();
        Log.error("refused: the charge is not bound to this order by the suite's records", null,
                "orderId", request.orderId(), "chargeId", charge, "paymentType", request.paymentType().wire(),
                "reason", e.reason(), "error", e.getMessage());
        log.recordAttempt(new ProcessPaidOrderLog(request.orderId(), clock.instant(), Json.write(request.toJson()),
                true, request.paymentType(), request.chargeId(), ProcessedAs.REFUSED, e.reason() + ": " + e.getMessage()));
        return Outcome.NOT_PAID;
    }

    private static Money total(Order order) {
        return order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + order.orderId() + " has no grandTotal"));
    }

    private Outcome finish(Order order, PaymentType type, List<AfterPaid> afterPaid, Optional<CardPaymentRecord> card) {
        VerifiedPayment payment = fromHeader(order);
        if (!log.recordSuccessOnce(new ProcessPaidOrderLog(order.orderId(), order.paidAt(),
                Json.write(order.data()), false, type, payment.chargeId(), ProcessedAs.PAID, null))) {
            Log.info("success row already written", "orderId", order.orderId());
        }
        boolean allDone = true;
        for (AfterPaid step : afterPaid) {
            Optional<Runnable> effect = effect(step, order, payment, card);
            if (effect.isEmpty()) {
                continue;
            }
            String attribute = attribute(step);
            Claim claim = once.run(orders.step(order.orderId(), attribute), OnceOnly.LEASE,
                    OrderRepository.paidWith(payment.chargeId()), effect.get());
            if (claim instanceof OnceOnly.Held held) {
                // Another run is on it; the order is finished by whichever run sees every step done.
                Log.info("after-paid step in progress elsewhere", "orderId", order.orderId(), "step", attribute,
                        "leaseUntil", held.leaseUntil());
                allDone = false;
            } else if (claim instanceof OnceOnly.Unmet) {
                throw new StoredDataException("order " + order.orderId() + " is not paid with " + payment.chargeId()
                        + " any more");
            }
        }
        if (allDone) {
            orders.markFinished(order.orderId(), payment.chargeId(), clock.instant());
        }
        return Outcome.PAID;
    }

    private static String attribute(AfterPaid step) {
        return switch (step) {
            case PAY -> OrderRepository.PAY;
            case NOTIFY -> OrderRepository.NOTIFY;
            case SAVE_CARD -> OrderRepository.SAVE_CARD;
        };
    }

    /** What a step does for this order; empty when it has nothing to do here. */
    private Optional<Runnable> effect(AfterPaid step, Order order, VerifiedPayment payment, Optional<CardPaymentRecord> card) {
        return switch (step) {
            case NOTIFY -> Optional.of(() -> notifier.get().paid(payment));
            case PAY -> payFunction.map(pay -> () -> invoker.get().invokeOther(pay.name(), pay.qualifier(),
                    PayRequest.of(order, payment.chargeId()).toJson()));
            case SAVE_CARD -> card.filter(r -> r.saveCard() && r.ownerId() != null)
                    .map(r -> () -> invoker.get().invoke(createUserFunction, SaveCardRequest.of(r).toJson()));
        };
    }

    private static VerifiedPayment fromHeader(Order order) {
        JsonNode header = order.data().path("payment");
        Money amount;
        try {
            amount = Money.fromJson(header.path("totalPaid"));
        } catch (IllegalArgumentException e) {
            throw new StoredDataException("order " + order.orderId() + " has a payment header without totalPaid", e);
        }
        return new VerifiedPayment(order.paidChargeId(), order.orderId(), amount,
                header.path("paymentMethod").asText("qr"));
    }

    /**
     * The order is paid with another charge: this one is not processed. When the suite's record says this charge
     * is paid too (a QR record the settle path recorded paid, a card record KBank settled as paid), real money came
     * in twice: the person who refunds it is told at once, from here, once per charge (an error log entry and
     * its e-mail, under the record's report step, which reconciliation's report of it uses too), and the first
     * payment is left as it is.
     */
    private Outcome alreadyPaid(String function, String rawEvent, Order order, PaidOrderRequest request, ChargeId charge,
            Optional<Found> card) {
        String by = order.paidBy();
        if (!charge.value().equals(by)) {
            log.recordAttempt(new ProcessPaidOrderLog(order.orderId(), clock.instant(), Json.write(order.data()),
                    true, request.paymentType(), charge, ProcessedAs.ALREADY_PAID, "order was already paid with " + by));
            Optional<OnceOnly.Step> report = request.paymentType() == PaymentType.QR ? Optional.of(qrRecords.report(charge))
                    : card.filter(f -> f.record().paid()).map(f -> f.table().report(f.record().tokenId()));
            report.ifPresent(step -> errors.log(function, ReceivedId.of(order.orderId()), ReceivedId.of(charge), rawEvent,
                    PaymentRejectedException.needsRefund("order " + order.orderId() + " was already paid with " + by
                            + "; charge " + charge + " (" + request.paymentType().wire() + ") is paid too and needs a refund",
                            step)));
        }
        Log.warn("order already paid", "orderId", order.orderId(), "paidWith", by, "chargeId", charge);
        return Outcome.ALREADY_PAID;
    }

    private Outcome notPaid(Order order, PaidOrderRequest request, ChargeId charge, PaymentRejectedException e) {
        log.recordAttempt(new ProcessPaidOrderLog(order.orderId(), clock.instant(), Json.write(order.data()),
                true, request.paymentType(), charge, ProcessedAs.NOT_PAID, e.getMessage()));
        try {
            notifier.get().failed(order.orderId(), request.paymentType(), charge, e.getMessage());
        } catch (RuntimeException sendFailure) {
            Log.error("could not send the failed-payment notification", sendFailure, "orderId", order.orderId());
        }
        return Outcome.NOT_PAID;
    }

    /** Writes the {@code is_error} row of a run that failed, keeping the raw event; never throws. */
    private void recordFailure(PaidOrderRequest request, String rawEvent, RuntimeException e) {
        try {
            ObjectNode data = Json.object();
            data.put("event", rawEvent);
            OrderId orderId = request == null ? null : request.orderId();
            log.recordAttempt(new ProcessPaidOrderLog(orderId == null ? ProcessPaidOrderLog.NO_ORDER : orderId,
                    clock.instant(), Json.write(data), true, request == null ? null : request.paymentType(),
                    request == null ? null : request.chargeId(),
                    e instanceof PaymentPendingException ? ProcessedAs.PENDING : ProcessedAs.FAILED, e.getClass().getName() + ": " + e.getMessage()));
        } catch (RuntimeException logFailure) {
            Log.error("could not write the error row; raw event follows", logFailure, "event", rawEvent);
        }
    }
}
