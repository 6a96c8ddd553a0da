package com.villamarket.payment3.reconcile;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.PaidOrderRequest;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrPayments;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.payment.SettledAs;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reconciliation, which the Python stack lacks: it settles every payment still unsettled after a
 * minimum age, by its outcome, not by a marker. It reads only the sparse pending index of the QR
 * record, card record and KBank order tables (a payment leaves it once settled), and for each:
 *
 * <ul>
 *   <li>never handed on, or handed on by a run that died (its lease ran out): the payment goes
 *       through its settle path again, so KBank decides and it is handed on once;</li>
 *   <li>handed on: its order is read; finished with this charge, the payment is settled; paid with
 *       another charge, it needs a refund; not finished (the processing function died, or its
 *       after-paid steps were left claimed), the processing function is invoked again, which is
 *       idempotent and finishes what is left.</li>
 * </ul>
 *
 * <p>What cannot be settled (refused, a refund, stuck longer than {@link #REPORT_AFTER}) goes to the
 * error log and e-mail once per payment, a once-only step on its record; each run logs one summary line.
 */
public final class ReconcileService {

    /** What one run found. */
    public record Summary(int examined, int settled, int handedOn, int reinvoked, int pending, int unsettled,
            int reported, int errors) {

        /** The summary as the handler answers it. */
        public String toJson() {
            ObjectNode node = Json.object();
            node.put("examined", examined);
            node.put("settled", settled);
            node.put("handedOn", handedOn);
            node.put("reinvoked", reinvoked);
            node.put("pending", pending);
            node.put("unsettled", unsettled);
            node.put("reported", reported);
            node.put("errors", errors);
            return Json.write(node);
        }
    }

    /** What became of one payment in a run. */
    enum Result { SETTLED, HANDED_ON, REINVOKED, PENDING, UNSETTLED }

    /** A KBank QR order with no charge this long after creation will never be paid (a QR lasts 10 minutes). */
    static final Duration QR_ORDER_EXPIRY = Duration.ofHours(2);
    /** A payment unsettled this long after its record was made needs a person: it is reported, once. */
    static final Duration REPORT_AFTER = Duration.ofHours(1);

    static final String FUNCTION = SuiteFunction.RECONCILE.errorLogName();

    private final QrPaymentRecordRepository qrRecords;
    private final CardPaymentRecordRepository cardRecords;
    private final KBankOrderRepository kbankOrders;
    private final OrderRepository orders;
    private final QrPayments qr;
    private final CardPayments cards;
    private final OnceOnly once;
    private final Supplier<AsyncInvoker> invoker;
    private final ErrorLogger errors;
    private final Names names;
    private final Duration minAge;
    private final Clock clock;
    /** Reports made by the run under way; a container runs one invocation at a time. */
    private int reported;

    public ReconcileService(QrPaymentRecordRepository qrRecords, CardPaymentRecordRepository cardRecords,
            KBankOrderRepository kbankOrders, OrderRepository orders, QrPayments qr, CardPayments cards, OnceOnly once,
            Supplier<AsyncInvoker> invoker, ErrorLogger errors, Names names, Duration minAge, Clock clock) {
        this.qrRecords = qrRecords;
        this.cardRecords = cardRecords;
        this.kbankOrders = kbankOrders;
        this.orders = orders;
        this.qr = qr;
        this.cards = cards;
        this.once = once;
        this.invoker = invoker;
        this.errors = errors;
        this.names = names;
        this.minAge = minAge;
        this.clock = clock;
    }

    public static ReconcileService create(Components c) {
        return new ReconcileService(c.qrPaymentRecords(), c.cardPaymentRecords(), c.kbankOrders(), c.orders(),
                c.qrPayments(), c.cardPayments(), c.once(), c::invoker, c.errorLogger(), c.names(),
                c.config().reconcileMinAge(), c.clock());
    }

    /** One pass; an error on one payment is logged and the others go on. */
    public Summary run() {
        Instant cutoff = clock.instant().minus(minAge);
        reported = 0;
        Tally tally = new Tally();
        for (QrPaymentRecord record : qrRecords.pendingBefore(cutoff)) {
            tally.add(() -> reconcile(record, cutoff), "qr", record.chargeId().value());
        }
        for (CardPaymentRecord record : cardRecords.pendingBefore(cutoff)) {
            tally.add(() -> reconcile(record, cutoff), "card", record.tokenId());
        }
        for (KBankOrder order : kbankOrders.pendingBefore(cutoff)) {
            tally.add(() -> reconcile(order), "kbank-order", order.referenceOrder());
        }
        Summary summary = tally.summary(reported);
        Log.info("reconciliation done", "examined", summary.examined(), "settled", summary.settled(),
                "handedOn", summary.handedOn(), "reinvoked", summary.reinvoked(), "pending", summary.pending(),
                "unsettled", summary.unsettled(), "reported", summary.reported(), "errors", summary.errors());
        // Every run, zeros included, so the alarm on these metrics sees data whenever reconciliation runs.
        Metrics.count(names.branch(), FUNCTION, Map.of(Metrics.RECONCILE_UNSETTLED, summary.unsettled(),
                Metrics.RECONCILE_REPORTED, summary.reported(), Metrics.RECONCILE_ERRORS, summary.errors()));
        return summary;
    }

    // --- QR payments -----------------------------------------------------------------------------

    private Result reconcile(QrPaymentRecord record, Instant cutoff) {
        Instant now = clock.instant();
        ChargeId charge = record.chargeId();
        StepState handOn = record.handOn();
        if (handOn.isDone()) {
            return afterHandOn(record.orderId(), charge, handOn, record.createdAt(), cutoff,
                    outcome -> qrRecords.settle(charge, outcome.name(), now),
                    () -> invoker.get().invoke(names.processPaidOrderInternalFunction(),
                            PaidOrderRequest.qr(record.orderId(), charge).toJson()),
                    qrRecords.report(charge));
        }
        if (!handOn.isFree(now)) {
            return Result.PENDING;
        }
        try {
            QrPayments.Result settled = qr.settle(record.orderId(), charge, Optional.empty());
            if (settled.settlement() == Settlement.PAID) {
                Log.warn("reconciliation handed on a QR payment that was never processed", "orderId", record.orderId(),
                        "chargeId", charge);
                return Result.HANDED_ON;
            }
            return stillPending(record.createdAt(), qrRecords.report(charge), record.orderId().value(), charge.value(),
                    "KBank has not settled QR charge " + charge + " since " + record.createdAt());
        } catch (PaymentRejectedException e) {
            SettledAs outcome = e.reason() == RejectionReason.NOT_PAID ? SettledAs.FAILED
                    : e.reason() == RejectionReason.ORDER_ALREADY_PAID ? SettledAs.NEEDS_REFUND : SettledAs.REFUSED;
            // Reported before it is settled: a settled record leaves the pending index, and nothing would report it later.
            if (outcome != SettledAs.FAILED) {
                report(qrRecords.report(charge), record.orderId().value(), charge.value(), e.reason().name(), e.getMessage());
            }
            qrRecords.settle(charge, outcome.name(), now);
            return Result.SETTLED;
        }
    }

    // --- Card payments ---------------------------------------------------------------------------

    private Result reconcile(CardPaymentRecord record, Instant cutoff) {
        Instant now = clock.instant();
        if (record.chargeId() == null) {
            return unbound(record, now, cutoff);
        }
        ChargeId charge = ChargeId.parse(record.chargeId());
        StepState handOn = record.handOn();
        if (handOn.isDone()) {
            if (record.isAddCard() || !record.paid()) {
                // The card was kept, or ProcessPaidOrder was handed a failed charge and recorded the failure.
                cardRecords.settle(record.tokenId(), (record.paid() ? SettledAs.PAID : SettledAs.FAILED).name(), now);
                return Result.SETTLED;
            }
            OrderId orderId = new OrderId(record.orderId());
            return afterHandOn(orderId, charge, handOn, record.createdAt(), cutoff,
                    outcome -> cardRecords.settle(record.tokenId(), outcome.name(), now),
                    () -> invoker.get().invoke(names.processPaidOrderFunction(),
                            PaidOrderRequest.card(orderId, charge, record.paid(), record.tokenId()).toJson()),
                    cardRecords.report(record.tokenId()));
        }
        if (!handOn.isFree(now)) {
            return Result.PENDING;
        }
        try {
            CardPayments.Result settled = cards.settle(new CardPayments.Found(record, cardRecords), charge,
                    Optional.empty(), Optional.empty());
            if (settled.settlement() == Settlement.PENDING) {
                return stillPending(record.createdAt(), cardRecords.report(record.tokenId()), record.orderId(),
                        charge.value(), "KBank has not settled card charge " + charge + " since " + record.createdAt()
                                + " (" + settled.charge().transactionState().wire() + ")");
            }
            Log.warn("reconciliation settled a card payment whose callback never came", "orderId", record.orderId(),
                    "chargeId", charge, "settlement", settled.settlement());
            return settled.handedOn() ? Result.HANDED_ON : Result.SETTLED;
        } catch (PaymentRejectedException e) {
            // Paid, but not as recorded (another order or amount), or unknown to KBank: a person must look.
            report(cardRecords.report(record.tokenId()), record.orderId(), charge.value(), e.reason().name(), e.getMessage());
            cardRecords.settle(record.tokenId(), SettledAs.REFUSED.name(), now);
            return Result.SETTLED;
        }
    }

    /**
     * A card payment whose record never learnt its charge (KBank's answer to the charge's creation was
     * lost, or card-token died around it). KBank has no inquiry by reference, so the charges KBank's
     * notifies kept on the record are asked about; one KBank names for this record binds and settles
     * it. Otherwise it waits for KBank's notify (which binds it by its reference) until
     * {@link #REPORT_AFTER}, then a person is told and it is settled as expired.
     */
    private Result unbound(CardPaymentRecord record, Instant now, Instant cutoff) {
        for (String kept : record.keptCharges()) {
            ChargeId candidate = ChargeId.parse(kept);
            if (cardRecords.findByCharge(kept).isPresent()) {
                continue;
            }
            KBankCharge answer;
            try {
                answer = cards.inquire(candidate);
            } catch (PaymentRejectedException e) {
                continue;
            }
            if (kept.equals(answer.id()) && record.orderId().equals(answer.referenceOrder())
                    && (answer.referenceToken() == null || answer.referenceToken().equals(record.tokenId()))) {
                CardPayments.Found bound = cards.bind(new CardPayments.Found(record, cardRecords), candidate);
                Log.warn("reconciliation bound a kept charge to a card payment that never learnt it", "orderId",
                        record.orderId(), "chargeId", candidate);
                return reconcile(bound.record(), cutoff);
            }
        }
        if (record.createdAt().isAfter(now.minus(REPORT_AFTER))) {
            // KBank's notify of a charge it made finds this record by its reference: its turn first.
            return Result.PENDING;
        }
        report(cardRecords.report(record.tokenId()), record.orderId(), null, "NO_CHARGE", "card payment of token "
                + record.tokenId() + " (order " + record.orderId() + ") has no KBank charge since " + record.createdAt()
                + (record.keptCharges().isEmpty() ? "" : "; kept charges " + record.keptCharges() + " are not its")
                + ": no KBank notify named it; if KBank charged the card, find the charge at KBank by reference_order "
                + record.orderId() + " (metadata tokenId " + record.tokenId() + ") and replay its notify");
        cardRecords.settle(record.tokenId(), SettledAs.EXPIRED.name(), now);
        return Result.SETTLED;
    }

    // --- KBank QR orders -------------------------------------------------------------------------

    private Result reconcile(KBankOrder order) {
        Instant now = clock.instant();
        try {
            QrPayments.Result settled = qr.settle(order, Optional.empty());
            if (settled.settlement() == Settlement.PAID) {
                Log.warn("reconciliation settled a KBank QR order whose callback and notification never came",
                        "orderId", order.orderId(), "referenceOrder", order.referenceOrder());
                return settled.handedOn() ? Result.HANDED_ON : Result.SETTLED;
            }
            // Its charge is recorded as a pending QR payment now, which reconciliation follows from there.
            kbankOrders.settle(order.referenceOrder(), SettledAs.PAID.name(), now);
            return Result.SETTLED;
        } catch (PaymentPendingException e) {
            if (order.createdAt().isBefore(now.minus(QR_ORDER_EXPIRY))) {
                kbankOrders.settle(order.referenceOrder(), SettledAs.EXPIRED.name(), now);
                return Result.SETTLED;
            }
            return Result.PENDING;
        } catch (PaymentRejectedException e) {
            report(kbankOrders.report(order.referenceOrder()), order.orderId(), null, e.reason().name(),
                    "KBank order " + order.kbankOrderId() + ": " + e.getMessage());
            kbankOrders.settle(order.referenceOrder(), SettledAs.REFUSED.name(), now);
            return Result.SETTLED;
        }
    }

    // --- Shared ----------------------------------------------------------------------------------

    /** What settling a record does; called with the outcome it came to. */
    @FunctionalInterface
    private interface Settle {
        void as(SettledAs outcome);
    }

    /** A payment handed on: settled when its order is finished with it, processed again when not. */
    private Result afterHandOn(OrderId orderId, ChargeId charge, StepState handOn, Instant recordedAt, Instant cutoff,
            Settle settle, Runnable processAgain, OnceOnly.Step reportStep) {
        Optional<Order> order = orders.find(orderId);
        if (order.isPresent() && order.get().isFinishedWith(charge.value())) {
            settle.as(SettledAs.PAID);
            return Result.SETTLED;
        }
        if (order.isPresent() && order.get().isPaid() && !charge.value().equals(order.get().paidChargeId())
                && order.get().paidChargeId() != null) {
            report(reportStep, orderId.value(), charge.value(), RejectionReason.ORDER_ALREADY_PAID.name(), "order " + orderId
                    + " was paid with " + order.get().paidChargeId() + "; charge " + charge + " needs a refund");
            settle.as(SettledAs.NEEDS_REFUND);
            return Result.SETTLED;
        }
        if (handOn.doneAt() != null && handOn.doneAt().isAfter(cutoff)) {
            // Handed on recently (the processing function may still be retrying): its turn next run.
            return Result.PENDING;
        }
        processAgain.run();
        Log.warn("reconciliation processed a paid order again: it was handed on but is not finished",
                "orderId", orderId, "chargeId", charge);
        if (order.isEmpty() || recordedAt.isBefore(clock.instant().minus(REPORT_AFTER))) {
            report(reportStep, orderId.value(), charge.value(), "NOT_FINISHED", "charge " + charge + " of order " + orderId
                    + " was handed on but the order is " + (order.isEmpty() ? "missing" : "not finished") + " since "
                    + recordedAt);
            return Result.UNSETTLED;
        }
        return Result.REINVOKED;
    }

    /** A payment KBank has not settled: pending, and reported once when it stays so too long. */
    private Result stillPending(Instant recordedAt, OnceOnly.Step reportStep, String orderId, String chargeId,
            String message) {
        if (recordedAt.isBefore(clock.instant().minus(REPORT_AFTER))) {
            report(reportStep, orderId, chargeId, "STILL_PENDING", message);
            return Result.UNSETTLED;
        }
        return Result.PENDING;
    }

    /** Logs a payment for a person, once per payment whatever the number of runs. */
    private void report(OnceOnly.Step step, String orderId, String chargeId, String code, String message) {
        // What the entry stands for, in place of a raw event: reconciliation received none.
        ObjectNode found = Json.object().put("table", step.table()).put("orderId", orderId).put("chargeId", chargeId)
                .put("code", code);
        OnceOnly.Claim claim = once.run(step, OnceOnly.LEASE, OnceOnly.Condition.NONE, () -> errors.log(
                new ErrorLogger.Entry(FUNCTION, orderId, chargeId, message, code, Json.write(found), null)));
        if (claim instanceof OnceOnly.Taken) {
            reported++;
        }
    }

    /** Counts a run's results. */
    private static final class Tally {
        private final int[] counts = new int[Result.values().length];
        private int examined;
        private int errors;

        void add(Supplier<Result> reconcile, String kind, String id) {
            examined++;
            try {
                counts[reconcile.get().ordinal()]++;
            } catch (RuntimeException e) {
                errors++;
                Log.error("reconciliation could not settle a payment; next run tries again", e, "kind", kind, "id", id);
            }
        }

        Summary summary(int reported) {
            return new Summary(examined, counts[Result.SETTLED.ordinal()], counts[Result.HANDED_ON.ordinal()],
                    counts[Result.REINVOKED.ordinal()], counts[Result.PENDING.ordinal()],
                    counts[Result.UNSETTLED.ordinal()], reported, errors);
        }
    }
}
