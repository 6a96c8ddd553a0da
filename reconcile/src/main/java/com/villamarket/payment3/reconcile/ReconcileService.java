package com.villamarket.payment3.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.kbank.TransactionState;
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
import com.villamarket.payment3.common.persistence.CardPaymentLifecycle;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankQrOrderLifecycle;
import com.villamarket.payment3.common.persistence.Left;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrChargeLifecycle;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.SettledUnpaid;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.common.persistence.UnmarkedScan;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import com.villamarket.payment3.common.wiring.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reconciliation, which the Python stack lacks: it settles every payment still unsettled after a
 * minimum age, by its outcome, not by a marker. It reads only the sparse pending index of the QR
 * record, card record and KBank order tables (a payment leaves it once settled), a page at a time,
 * newest first across the three, and stops when its time budget is spent (the setting, or less when
 * Lambda says less is left), reporting in its summary and log how many it left and the oldest of
 * them. For each payment:
 *
 * <ul>
 *   <li>never handed on, or handed on by a run that died (its lease ran out): the payment goes
 *       through its settle path again, so KBank decides and it is handed on once; one KBank never
 *       finished (Initialize, Pre-Authorized, no state) is settled {@code EXPIRED} once older than the
 *       abandonment age, without a report: an abandoned 3-D Secure page or QR is no one's problem;</li>
 *   <li>handed on: its order is read; finished with this charge, the payment is settled; paid with
 *       another charge, it needs a refund; not finished, KBank is asked: a charge it undid since
 *       (voided, reversed, refunded) is recorded unpaid and settled {@code FAILED}, once, never
 *       processed again; otherwise (the processing function died, or its after-paid steps were left
 *       claimed) the processing function is invoked again, which is idempotent and finishes what is left.</li>
 * </ul>
 *
 * <p>What cannot be settled (refused, a refund, a state of KBank's this suite does not know for longer than
 * {@link #REPORT_AFTER}) goes to the error log and e-mail once per payment, a once-only step on its record;
 * each run logs one summary line.
 */
public final class ReconcileService {

    /**
     * What one run found.
     *
     * @param abandoned  payments KBank never finished, settled {@code EXPIRED} without a report
     * @param left       pending payments the run did not get to (its time was up), for the next run
     * @param oldestLeft when the oldest of those was recorded; null when none was left
     */
    public record Summary(int examined, int settled, int handedOn, int reinvoked, int pending, int unsettled,
            int abandoned, int reported, int errors, long left, Instant oldestLeft) {

        /** The summary as the handler answers it. */
        public String toJson() {
            ObjectNode node = Json.object();
            node.put("examined", examined);
            node.put("settled", settled);
            node.put("handedOn", handedOn);
            node.put("reinvoked", reinvoked);
            node.put("pending", pending);
            node.put("unsettled", unsettled);
            node.put("abandoned", abandoned);
            node.put("reported", reported);
            node.put("errors", errors);
            node.put("left", left);
            node.put("oldestLeft", oldestLeft == null ? null : oldestLeft.toString());
            return Json.write(node);
        }
    }

    /**
     * What one invocation of the one-off adoption of the Python stack's payments found ({@link #adoptPythonEra}).
     *
     * @param complete     whether both tables were read to their end; false when the time ran out first
     * @param resumeFrom   where to go on from (the next invocation's {@code resumeFrom}); null when complete
     * @param qrUnmarked   the QR payment records read made since the date asked that carry no attribute of ours
     * @param qrAdopted    those put in the pending index: recorded paid, their order not paid
     * @param cardUnmarked the card payment records read that carry no creation time and no attribute of ours
     * @param cardAdopted  those put in the pending index: their order not paid, their charge made since the date asked
     * @param cardNoCharge those left because their order is not paid but they name no charge to ask KBank about
     * @param cardUndated  those left because KBank's inquiry of their charge refused, or gave no creation time
     * @param skipped      the records not in the shape this suite reads (or whose order is not), left as they are
     * @param skippedKeys  the first {@value #NAMED_SKIPPED} of those, by table and key
     */
    public record Adopted(boolean complete, String resumeFrom, int qrUnmarked, int qrAdopted, int cardUnmarked,
            int cardAdopted, int cardNoCharge, int cardUndated, int skipped, List<String> skippedKeys) {

        /** Skipped records named in the answer; every one is in the log and the error log. */
        static final int NAMED_SKIPPED = 20;

        /** As the handler answers it. */
        public String toJson() {
            ObjectNode node = Json.object().put("complete", complete).put("resumeFrom", resumeFrom);
            node.putObject("qr").put("unmarked", qrUnmarked).put("adopted", qrAdopted);
            node.putObject("card").put("unmarked", cardUnmarked).put("adopted", cardAdopted)
                    .put("noCharge", cardNoCharge).put("undated", cardUndated);
            node.put("skipped", skipped);
            skippedKeys.forEach(node.putArray("skippedKeys")::add);
            return Json.write(node);
        }
    }

    /** What became of one payment in a run. */
    enum Result { SETTLED, HANDED_ON, REINVOKED, PENDING, UNSETTLED, ABANDONED }

    /** A KBank QR order with no charge this long after creation will never be paid (a QR lasts 10 minutes). */
    static final Duration QR_ORDER_EXPIRY = Duration.ofHours(2);
    /**
     * A payment in a state of KBank's this suite does not know, or one whose record never learnt its
     * charge, this long after its record was made needs a person: it is reported, once.
     */
    static final Duration REPORT_AFTER = Duration.ofHours(1);
    /** Kept back from the time Lambda says is left: the payment under way, the count of what is left, the summary. */
    static final Duration RESERVE = Duration.ofSeconds(30);

    static final String FUNCTION = SuiteFunction.RECONCILE.errorLogName();

    private final QrPaymentRecordRepository qrRecords;
    private final CardPaymentRecordRepository cardRecords;
    private final KBankOrderRepository kbankOrders;
    private final OrderRepository orders;
    private final QrPayments qr;
    private final CardPayments cards;
    private final QrChargeLifecycle qrLifecycle;
    private final CardPaymentLifecycle cardLifecycle;
    private final KBankQrOrderLifecycle kbankOrderLifecycle;
    private final OnceOnly once;
    private final Supplier<AsyncInvoker> invoker;
    private final ErrorLogger errors;
    private final Names names;
    private final Duration minAge;
    private final Duration abandonAfter;
    private final Duration timeBudget;
    private final Clock clock;
    /** Reports made by the run under way; a container runs one invocation at a time. */
    private int reported;

    public ReconcileService(QrPaymentRecordRepository qrRecords, CardPaymentRecordRepository cardRecords,
            KBankOrderRepository kbankOrders, OrderRepository orders, QrPayments qr, CardPayments cards, OnceOnly once,
            Supplier<AsyncInvoker> invoker, ErrorLogger errors, Names names, Duration minAge, Duration abandonAfter,
            Duration timeBudget, Clock clock) {
        this.qrRecords = qrRecords;
        this.cardRecords = cardRecords;
        this.kbankOrders = kbankOrders;
        this.orders = orders;
        this.qr = qr;
        this.cards = cards;
        this.qrLifecycle = new QrChargeLifecycle(qrRecords, clock);
        this.cardLifecycle = new CardPaymentLifecycle(cardRecords, clock);
        this.kbankOrderLifecycle = new KBankQrOrderLifecycle(kbankOrders, clock);
        this.once = once;
        this.invoker = invoker;
        this.errors = errors;
        this.names = names;
        this.minAge = minAge;
        this.abandonAfter = abandonAfter;
        this.timeBudget = timeBudget;
        this.clock = clock;
    }

    public static ReconcileService create(Components c) {
        Tables tables = c.tables();
        Platform platform = c.platform();
        Config config = platform.config();
        return new ReconcileService(tables.qrPaymentRecords(), tables.cardPaymentRecords(), tables.kbankOrders(),
                tables.orders(), c.payments().qr(), c.payments().card(), platform.once(), platform::invoker,
                platform.errorLogger(), platform.names(), config.reconcileMinAge(), config.reconcileAbandonAfter(),
                config.reconcileTimeBudget(), platform.clock());
    }

    /** One pass within the configured time budget; an error on one payment is logged and the others go on. */
    public Summary run() {
        return run(Optional.empty());
    }

    /**
     * One pass, newest payment first, until the time budget is spent: the configured one, or the time Lambda
     * says is left less {@link #RESERVE} when that is shorter. Time is read from the suite's clock.
     *
     * @param remaining the time left to the invocation's timeout; empty when unknown
     */
    public Summary run(Optional<Duration> remaining) {
        Instant start = clock.instant();
        Instant cutoff = start.minus(minAge);
        Duration budget = remaining.map(r -> r.minus(RESERVE)).filter(r -> r.compareTo(timeBudget) < 0).orElse(timeBudget);
        Instant deadline = start.plus(budget);
        reported = 0;
        Tally tally = new Tally();
        List<Queue<?>> queues = List.of(
                new Queue<>("qr", qrRecords.pendingNewestFirst(cutoff), QrPaymentRecord::createdAt,
                        r -> r.chargeId().value(), r -> reconcile(r, cutoff), qrRecords::pendingLeft),
                new Queue<>("card", cardRecords.pendingNewestFirst(cutoff), CardPaymentRecord::createdAt,
                        r -> r.tokenId().value(), r -> reconcile(r, cutoff), cardRecords::pendingLeft),
                new Queue<>("kbank-order", kbankOrders.pendingNewestFirst(cutoff), KBankOrder::createdAt,
                        KBankOrder::referenceOrder, this::reconcile, kbankOrders::pendingLeft));
        Optional<Queue<?>> next;
        while ((next = newest(queues)).isPresent() && clock.instant().isBefore(deadline)) {
            next.get().takeNext(tally);
        }
        Left left = queues.stream().map(Queue::left).reduce(Left.NONE, Left::plus);
        Summary summary = tally.summary(reported, left);
        if (left.count() > 0) {
            Log.warn("reconciliation stopped at its time budget; the older payments are left to the next run",
                    "budgetSeconds", budget.toSeconds(), "left", left.count(), "oldestLeft", left.oldest());
        }
        Log.info("reconciliation done", "examined", summary.examined(), "settled", summary.settled(),
                "handedOn", summary.handedOn(), "reinvoked", summary.reinvoked(), "pending", summary.pending(),
                "unsettled", summary.unsettled(), "abandoned", summary.abandoned(), "reported", summary.reported(),
                "errors", summary.errors(), "left", summary.left(), "oldestLeft", summary.oldestLeft());
        // Every run, zeros included, so the alarm on these metrics sees data whenever reconciliation runs.
        Metrics.count(names.branch(), FUNCTION, Map.of(Metrics.RECONCILE_UNSETTLED, summary.unsettled(),
                Metrics.RECONCILE_REPORTED, summary.reported(), Metrics.RECONCILE_ERRORS, summary.errors(),
                Metrics.RECONCILE_LEFT, summary.left()));
        return summary;
    }

    /** The adoption from the start, with no time limit but the invocation's (tests, the local stack). */
    public Adopted adoptPythonEra(Instant since) {
        return adoptPythonEra(since, Optional.empty(), () -> Optional.empty());
    }

    /**
     * The one-off adoption at switch-over, of the payments the Python stack left unsettled: its records carry none of
     * our attributes, so they never entered the pending index and no run would see them. Each is put in the pending
     * index when its order is not paid; the runs that follow settle it as any other (KBank decides, the order is
     * handed on once). A record whose order is paid (the Python stack finished it) or missing is left as it is.
     *
     * <ul>
     *   <li>QR payment records made since {@code since} (their {@code createdAt}) that the Python stack recorded paid:
     *       it died between recording KBank's answer and handing the order on.</li>
     *   <li>Card payment records, paid or not, that name a charge KBank made since {@code since}: the Python card
     *       model holds no time and the order table none either, so each is dated by KBank's inquiry of its charge
     *       ({@code created}), which is also its creation time in the index. One that names no charge is left
     *       ({@code noCharge}: KBank has no inquiry by reference), as is one KBank's inquiry refuses or gives no date
     *       ({@code undated}); the log names each.</li>
     * </ul>
     *
     * <p>Each table is scanned a page at a time, QR first; the scan stops when {@code remaining} falls below
     * {@link #RESERVE} and the answer says where to go on ({@code resumeFrom}, {@code complete: false}). A record not
     * in the shape this suite reads is skipped, counted and named (the log, the error log, the answer), and the rest
     * go on. Safe to repeat and to kill at any line: a record is marked by one conditional write, never twice.
     *
     * @param resumeFrom where an earlier invocation stopped; empty from the start
     * @param remaining  the time left to the invocation's timeout, read before each record; empty when unknown
     * @throws IllegalArgumentException when {@code resumeFrom} is not a position this adoption gave
     */
    public Adopted adoptPythonEra(Instant since, Optional<String> resumeFrom, Supplier<Optional<Duration>> remaining) {
        Resume resume = resumeFrom.map(this::resume).orElse(new Resume(Phase.QR, null));
        Adoption adoption = new Adoption(since, remaining);
        Phase phase = resume.phase();
        UnmarkedScan.Position from = resume.from();
        while (phase != null) {
            if (adoption.outOfTime()) {
                return adoption.stoppedAt(phase, from);
            }
            UnmarkedScan.Page<?> page = phase == Phase.QR ? qrRecords.unmarkedSince(since, from, ADOPT_PAGE_SIZE)
                    : cardRecords.unmarked(from, ADOPT_PAGE_SIZE);
            for (UnmarkedScan.Item<?> item : page.items()) {
                if (adoption.outOfTime()) {
                    return adoption.stoppedAt(phase, from);
                }
                adoption.take(phase, item);
                from = item.at();
            }
            from = page.next();
            if (from == null) {
                phase = phase == Phase.QR ? Phase.CARD : null;
            }
        }
        return adoption.stoppedAt(null, null);
    }

    /** Items a page of the adoption's scans evaluates (before the filter): a page is read in well under a second. */
    static final int ADOPT_PAGE_SIZE = 100;
    /** The longest {@code resumeFrom} taken: a phase and a table's key, never more. */
    static final int MAX_RESUME_CHARS = 5000;

    /** The adoption's tables, in the order they are scanned. */
    enum Phase {
        QR("qr"), CARD("card");

        final String prefix;

        Phase(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Where an adoption goes on: a table, and the position in its scan (null from its start). */
    private record Resume(Phase phase, UnmarkedScan.Position from) {

        String text() {
            return phase.prefix + (from == null ? "" : ":" + from.text());
        }
    }

    /**
     * An operator's {@code resumeFrom} read back: {@code qr} or {@code card}, then {@code :} and the position in that
     * table's scan (its key, {@link UnmarkedScan.Position}), which that table's repository checks.
     */
    private Resume resume(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_RESUME_CHARS) {
            throw new IllegalArgumentException("resumeFrom is 1 to " + MAX_RESUME_CHARS + " characters, as an adoption "
                    + "that stopped answered it");
        }
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? text : text.substring(0, colon);
        Phase phase = prefix.equals(Phase.QR.prefix) ? Phase.QR : prefix.equals(Phase.CARD.prefix) ? Phase.CARD : null;
        if (phase == null) {
            throw new IllegalArgumentException("resumeFrom begins with qr or card, as an adoption that stopped answered it");
        }
        if (colon < 0) {
            return new Resume(phase, null);
        }
        String position = text.substring(colon + 1);
        try {
            return new Resume(phase, phase == Phase.QR ? qrRecords.position(position) : cardRecords.position(position));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resumeFrom is not a position an adoption answered: " + e.getMessage(), e);
        }
    }

    /** One invocation of the adoption: what it found so far, and its time. */
    private final class Adoption {
        private final Instant since;
        private final Supplier<Optional<Duration>> remaining;
        private int qrUnmarked;
        private int qrAdopted;
        private int cardUnmarked;
        private int cardAdopted;
        private int cardNoCharge;
        private int cardUndated;
        private int skipped;
        private final List<String> skippedKeys = new ArrayList<>();

        Adoption(Instant since, Supplier<Optional<Duration>> remaining) {
            this.since = since;
            this.remaining = remaining;
        }

        boolean outOfTime() {
            return remaining.get().map(left -> left.compareTo(RESERVE) < 0).orElse(false);
        }

        void take(Phase phase, UnmarkedScan.Item<?> item) {
            String table = phase == Phase.QR ? "QR payment record" : "card payment record";
            if (phase == Phase.QR) {
                qrUnmarked++;
            } else {
                cardUnmarked++;
            }
            try {
                if (item.isMalformed()) {
                    throw item.malformed();
                }
                if (phase == Phase.QR) {
                    adopt((QrPaymentRecord) item.record());
                } else {
                    adopt((CardPaymentRecord) item.record());
                }
            } catch (StoredDataException e) {
                skip(table, item.key(), e);
            }
        }

        private void adopt(QrPaymentRecord record) {
            if (record.paid() && unpaid(record.orderId()) && qrRecords.markPending(record.chargeId())) {
                qrAdopted++;
                Log.warn("a QR payment the Python stack recorded paid and never handed on is pending now",
                        "orderId", record.orderId(), "chargeId", record.chargeId(), "createdAt", record.createdAt());
            }
        }

        private void adopt(CardPaymentRecord record) {
            if (record.isAddCard() || !unpaid(record.orderId())) {
                return;
            }
            if (record.chargeId() == null) {
                cardNoCharge++;
                Log.warn("a card payment the Python stack began for an unpaid order names no charge: not adopted (KBank "
                        + "has no inquiry by reference); a notify of its charge still binds it", "tokenId", record.tokenId(),
                        "orderId", record.orderId());
                return;
            }
            Optional<Instant> created;
            try {
                created = cards.inquire(record.chargeId()).created();
            } catch (PaymentRejectedException e) {
                created = Optional.empty();
            }
            if (created.isEmpty()) {
                cardUndated++;
                Log.warn("a card payment the Python stack began for an unpaid order could not be dated by KBank: not "
                        + "adopted", "tokenId", record.tokenId(), "orderId", record.orderId(), "chargeId", record.chargeId());
                return;
            }
            if (created.get().isBefore(since)) {
                return;
            }
            // Never later than now: a charge dated ahead by a wrong zone waits no longer than it should.
            Instant createdAt = created.get().isAfter(clock.instant()) ? clock.instant() : created.get();
            if (cardRecords.markPending(record.tokenId(), createdAt)) {
                cardAdopted++;
                Log.warn("a card payment the Python stack began and never settled is pending now", "tokenId",
                        record.tokenId(), "orderId", record.orderId(), "chargeId", record.chargeId(), "createdAt", createdAt);
            }
        }

        /** Whether the order exists and is not paid; an order not in the shape this suite reads skips its record. */
        private boolean unpaid(OrderId orderId) {
            return orders.find(orderId).map(order -> !order.isPaid()).orElse(false);
        }

        private void skip(String table, String key, StoredDataException e) {
            skipped++;
            String named = table + " " + key;
            if (skippedKeys.size() < Adopted.NAMED_SKIPPED) {
                skippedKeys.add(named);
            }
            Log.warn("a Python-era record is not in the shape this suite reads: skipped, the others adopted", "table",
                    table, "key", key, "reason", e.getMessage());
            ObjectNode found = Json.object().put("table", table).put("key", key).put("code", "PYTHON_ERA_MALFORMED");
            errors.log(new ErrorLogger.Entry(FUNCTION, null, null, "the adoption of the Python stack's payments skipped "
                    + named + ": " + e.getMessage() + "; look at it and settle it by hand", "PYTHON_ERA_MALFORMED",
                    Json.write(found), null), e);
        }

        Adopted stoppedAt(Phase phase, UnmarkedScan.Position from) {
            String resumeFrom = phase == null ? null : new Resume(phase, from).text();
            Adopted adopted = new Adopted(phase == null, resumeFrom, qrUnmarked, qrAdopted, cardUnmarked, cardAdopted,
                    cardNoCharge, cardUndated, skipped, List.copyOf(skippedKeys));
            if (phase != null) {
                Log.warn("the adoption of the Python stack's payments stopped at its time; run it again from resumeFrom",
                        "since", since, "resumeFrom", resumeFrom);
            }
            Log.info("adopted the Python stack's unsettled payments", "since", since, "complete", adopted.complete(),
                    "qrUnmarked", qrUnmarked, "qrAdopted", qrAdopted, "cardUnmarked", cardUnmarked, "cardAdopted",
                    cardAdopted, "cardNoCharge", cardNoCharge, "cardUndated", cardUndated, "skipped", skipped);
            return adopted;
        }
    }

    /** The queue whose next payment is the newest of all; empty when every queue is done. */
    private static Optional<Queue<?>> newest(List<Queue<?>> queues) {
        return queues.stream().filter(Queue::hasNext)
                .max(Comparator.comparing(Queue::nextCreatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    // --- QR payments -----------------------------------------------------------------------------

    private Result reconcile(QrPaymentRecord record, Instant cutoff) {
        Instant now = clock.instant();
        ChargeId charge = record.chargeId();
        StepState handOn = record.handOn();
        if (handOn.isDone()) {
            return afterHandOn(record.orderId(), charge, handOn, record.createdAt(), cutoff,
                    order -> QrChargeLifecycle.finished(record, order).map(qrLifecycle::settle).isPresent(),
                    outcome -> qrLifecycle.settle(charge, outcome),
                    () -> qr.inquire(charge), () -> qrRecords.setUnpaid(charge),
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
            return unfinished(record.createdAt(), settled.charge().transactionState(), qrRecords.report(charge),
                    outcome -> qrLifecycle.settle(charge, outcome), record.orderId().value(), charge.value(),
                    "KBank has not settled QR charge " + charge + " since " + record.createdAt() + " ("
                            + settled.charge().transactionState().wire() + ")");
        } catch (PaymentRejectedException e) {
            return refused(e, qrRecords.report(charge), outcome -> qrLifecycle.settle(charge, outcome),
                    record.orderId().value(), charge.value(), e.getMessage());
        }
    }

    // --- Card payments ---------------------------------------------------------------------------

    private Result reconcile(CardPaymentRecord record, Instant cutoff) {
        Instant now = clock.instant();
        if (record.chargeId() == null) {
            return unbound(record, now, cutoff);
        }
        ChargeId charge = record.chargeId();
        StepState handOn = record.handOn();
        if (handOn.isDone()) {
            if (record.isAddCard() || !record.paid()) {
                // The card was kept, or ProcessPaidOrder was handed a failed charge and recorded the failure.
                Optional<CardPaymentLifecycle.Finished> kept = CardPaymentLifecycle.finished(record, Optional.empty());
                if (kept.isPresent()) {
                    cardLifecycle.settle(kept.get());
                } else {
                    cardLifecycle.settle(record.tokenId(), SettledUnpaid.FAILED);
                }
                return Result.SETTLED;
            }
            OrderId orderId = record.orderId();
            return afterHandOn(orderId, charge, handOn, record.createdAt(), cutoff,
                    order -> CardPaymentLifecycle.finished(record, order).map(cardLifecycle::settle).isPresent(),
                    outcome -> cardLifecycle.settle(record.tokenId(), outcome),
                    () -> cards.inquire(charge), () -> cardRecords.setPaid(record.tokenId(), false),
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
                return unfinished(record.createdAt(), settled.charge().transactionState(),
                        cardRecords.report(record.tokenId()), outcome -> cardLifecycle.settle(record.tokenId(),
                                outcome), record.orderId().value(), charge.value(), "KBank has not settled card charge "
                                + charge + " since " + record.createdAt() + " (" + settled.charge().transactionState().wire() + ")");
            }
            Log.warn("reconciliation settled a card payment whose callback never came", "orderId", record.orderId(),
                    "chargeId", charge, "settlement", settled.settlement());
            return settled.handedOn() ? Result.HANDED_ON : Result.SETTLED;
        } catch (PaymentRejectedException e) {
            // Paid, but not as recorded (another order or amount), or unknown to KBank: a person must look.
            if (!report(cardRecords.report(record.tokenId()), record.orderId().value(), charge.value(), e.reason().name(),
                    e.getMessage())) {
                return Result.PENDING;
            }
            cardLifecycle.settle(record.tokenId(), SettledUnpaid.REFUSED);
            return Result.SETTLED;
        }
    }

    /**
     * A card payment whose record never learnt its charge (KBank's answer to the charge's creation was
     * lost, or card-token died around it): unlike an abandoned 3-D Secure page, KBank may hold the
     * customer's money here. KBank has no inquiry by reference, so the charges KBank's notifies kept on
     * the record are asked about; one KBank names for this record binds and settles it. Otherwise it
     * waits for KBank's notify (which binds it by its reference) until {@link #REPORT_AFTER}, then a
     * person is told and it is settled as expired.
     */
    private Result unbound(CardPaymentRecord record, Instant now, Instant cutoff) {
        for (ChargeId candidate : record.keptCharges()) {
            if (cardRecords.findByCharge(candidate).isPresent()) {
                continue;
            }
            KBankCharge answer;
            try {
                answer = cards.inquire(candidate);
            } catch (PaymentRejectedException e) {
                continue;
            }
            if (candidate.value().equals(answer.id()) && record.orderId().value().equals(answer.referenceOrder())
                    && (answer.referenceToken() == null || answer.referenceToken().equals(record.tokenId().value()))) {
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
        boolean told = report(cardRecords.report(record.tokenId()), record.orderId().value(), null, "NO_CHARGE", "card payment of token "
                + record.tokenId() + " (order " + record.orderId() + ") has no KBank charge since " + record.createdAt()
                + (record.keptCharges().isEmpty() ? "" : "; kept charges " + record.keptCharges() + " are not its")
                + ": no KBank notify named it; if KBank charged the card, find the charge at KBank by reference_order "
                + record.orderId() + " (metadata tokenId " + record.tokenId() + ") and replay its notify");
        if (!told) {
            return Result.PENDING;
        }
        cardLifecycle.settle(record.tokenId(), SettledUnpaid.EXPIRED);
        return Result.SETTLED;
    }

    // --- KBank QR orders -------------------------------------------------------------------------

    private Result reconcile(KBankOrder order) {
        String reference = order.referenceOrder();
        try {
            QrPayments.Result settled = qr.settle(order, Optional.empty());
            if (settled.settlement() == Settlement.PAID && !settled.handOnDone()) {
                // Another run holds its charge's hand-on: the order is settled once that is done.
                return Result.PENDING;
            }
            if (settled.settlement() == Settlement.PAID) {
                Log.warn("reconciliation settled a KBank QR order whose callback and notification never came",
                        "orderId", order.orderId(), "referenceOrder", reference);
                return settled.handedOn() ? Result.HANDED_ON : Result.SETTLED;
            }
            // KBank's order names a charge KBank has not settled: it is recorded now as a pending QR payment,
            // which reconciliation follows too, and the order stays pending until KBank finishes the charge.
            return abandonedAfter(order.createdAt(), abandonAfter, outcome -> kbankOrderLifecycle.settle(reference,
                    outcome), "orderId", order.orderId(), "referenceOrder", reference);
        } catch (PaymentPendingException e) {
            return abandonedAfter(order.createdAt(), QR_ORDER_EXPIRY, outcome -> kbankOrderLifecycle.settle(reference,
                    outcome), "orderId", order.orderId(), "referenceOrder", reference);
        } catch (PaymentRejectedException e) {
            // A refund owed is told under its charge's report (once per charge, as the callback or notification told
            // it), never a second time under the KBank order's.
            return refused(e, e.reportOnce().orElseGet(() -> kbankOrders.report(reference)),
                    outcome -> kbankOrderLifecycle.settle(reference, outcome), order.orderId().value(), null,
                    "KBank order " + order.kbankOrderId() + ": " + e.getMessage());
        }
    }

    // --- Shared ----------------------------------------------------------------------------------

    /** What settling a record as anything but paid does (through its lifecycle); called with the outcome it came to. */
    @FunctionalInterface
    private interface Settle {
        void as(SettledUnpaid outcome);
    }

    /** Settles a record paid through its lifecycle when the order read shows it finished; false when it is not. */
    @FunctionalInterface
    private interface SettleIfFinished {
        boolean paid(Optional<Order> order);
    }

    /**
     * A payment handed on: settled when its order is finished with it; processed again when not, unless
     * the order is unpaid and KBank has undone the charge since (then it is recorded unpaid and settled
     * failed, once). An order paid with the charge is finished whatever KBank says of it later.
     */
    private Result afterHandOn(OrderId orderId, ChargeId charge, StepState handOn, Instant recordedAt, Instant cutoff,
            SettleIfFinished settlePaid, Settle settle, Supplier<KBankCharge> inquire, Runnable markUnpaid, Runnable processAgain,
            OnceOnly.Step reportStep) {
        Optional<Order> order = orders.find(orderId);
        if (settlePaid.paid(order)) {
            return Result.SETTLED;
        }
        if (order.isPresent() && order.get().isPaid() && !charge.equals(order.get().paidChargeId())
                && order.get().paidChargeId() != null) {
            if (!report(reportStep, orderId.value(), charge.value(), RejectionReason.ORDER_ALREADY_PAID.name(), "order "
                    + orderId + " was paid with " + order.get().paidChargeId() + "; charge " + charge + " needs a refund")) {
                return Result.PENDING;
            }
            settle.as(SettledUnpaid.NEEDS_REFUND);
            return Result.SETTLED;
        }
        if (handOn.doneAt() != null && handOn.doneAt().isAfter(cutoff)) {
            // Handed on recently (the processing function may still be retrying): its turn next run.
            return Result.PENDING;
        }
        if ((order.isEmpty() || !order.get().isPaid()) && undone(inquire)) {
            // The processing function it was handed to found it unpaid and told the customer; nothing is left to do.
            // Recorded unpaid before it is settled: a kill between the two leaves it pending, settled next run.
            markUnpaid.run();
            settle.as(SettledUnpaid.FAILED);
            Log.warn("reconciliation settled a charge KBank undid after it was handed on; not processed again",
                    "orderId", orderId, "chargeId", charge);
            return Result.SETTLED;
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

    /** Whether KBank's inquiry now says the charge will never be paid (voided, reversed, refunded, declined). */
    private static boolean undone(Supplier<KBankCharge> inquire) {
        try {
            return inquire.get().settlement() == Settlement.FAILED;
        } catch (PaymentRejectedException e) {
            // KBank does not know it (any more): the processing decides, as before.
            return false;
        }
    }

    /**
     * A payment KBank has not finished. Initialize, Pre-Authorized or no state: an abandoned 3-D Secure page
     * or QR, settled {@code EXPIRED} once older than the abandonment age and never reported. A state this
     * suite does not know: reported once after {@link #REPORT_AFTER}, and settled the same way when abandoned.
     */
    private Result unfinished(Instant recordedAt, TransactionState state, OnceOnly.Step reportStep, Settle settle,
            String orderId, String chargeId, String message) {
        if (!state.isUnfinished() && recordedAt.isBefore(clock.instant().minus(REPORT_AFTER))) {
            report(reportStep, orderId, chargeId, "STILL_PENDING", message);
            if (!recordedAt.isBefore(clock.instant().minus(abandonAfter))) {
                return Result.UNSETTLED;
            }
        }
        return abandonedAfter(recordedAt, abandonAfter, settle, "orderId", orderId, "chargeId", chargeId);
    }

    /** Settled {@code EXPIRED}, without a report, when recorded longer than {@code age} ago; else pending. */
    private Result abandonedAfter(Instant recordedAt, Duration age, Settle settle, Object... fields) {
        if (!recordedAt.isBefore(clock.instant().minus(age))) {
            return Result.PENDING;
        }
        settle.as(SettledUnpaid.EXPIRED);
        Log.info("reconciliation settled a payment KBank never finished as EXPIRED (abandoned)", fields);
        return Result.ABANDONED;
    }

    /**
     * A payment its settle path refused for good: a charge KBank says will never be paid is {@code FAILED}
     * (no report: nothing was paid); real money for an order paid with another charge needs a refund; any
     * other refusal is {@code REFUSED}. Those two are reported before they are settled: a settled record leaves
     * the pending index, and nothing would report it later.
     */
    private Result refused(PaymentRejectedException e, OnceOnly.Step reportStep, Settle settle, String orderId,
            String chargeId, String message) {
        SettledUnpaid outcome = e.reason() == RejectionReason.NOT_PAID ? SettledUnpaid.FAILED
                : e.reason() == RejectionReason.ORDER_ALREADY_PAID ? SettledUnpaid.NEEDS_REFUND : SettledUnpaid.REFUSED;
        if (outcome != SettledUnpaid.FAILED && !report(reportStep, orderId, chargeId, e.reason().name(), message)) {
            return Result.PENDING;
        }
        settle.as(outcome);
        return Result.SETTLED;
    }

    /**
     * Logs a payment for a person, once per payment whatever the number of runs; a report claimed by a run that died
     * before its entry is taken over once its lease has run out.
     *
     * @return whether it is told (by this run or one before); false while another run holds the report, which may
     *         yet die before its entry: the payment is then left pending, for the next run to settle once told
     */
    private boolean report(OnceOnly.Step step, String orderId, String chargeId, String code, String message) {
        // What the entry stands for, in place of a raw event: reconciliation received none.
        ObjectNode found = Json.object().put("table", step.table()).put("orderId", orderId).put("chargeId", chargeId)
                .put("code", code);
        OnceOnly.Claim claim = once.run(step, OnceOnly.LEASE, OnceOnly.Condition.NONE, () -> errors.log(
                new ErrorLogger.Entry(FUNCTION, ReceivedId.of(orderId), ReceivedId.of(chargeId), message, code,
                        Json.write(found), null)));
        if (claim instanceof OnceOnly.Taken) {
            reported++;
        }
        return !(claim instanceof OnceOnly.Held);
    }

    /**
     * The pending payments of one table, newest first, read a page at a time: the run takes the next one
     * from whichever queue holds the newest, and asks each queue what it left when the run stops.
     */
    private static final class Queue<T> {
        private final String kind;
        private final Iterator<T> items;
        private final Function<T, Instant> createdAt;
        private final Function<T, String> id;
        private final Function<T, Result> reconcile;
        private final Function<Instant, Left> leftUpTo;
        private T next;

        Queue(String kind, Iterator<T> items, Function<T, Instant> createdAt, Function<T, String> id,
                Function<T, Result> reconcile, Function<Instant, Left> leftUpTo) {
            this.kind = kind;
            this.items = items;
            this.createdAt = createdAt;
            this.id = id;
            this.reconcile = reconcile;
            this.leftUpTo = leftUpTo;
        }

        boolean hasNext() {
            if (next == null && items.hasNext()) {
                next = items.next();
            }
            return next != null;
        }

        Instant nextCreatedAt() {
            return hasNext() ? createdAt.apply(next) : null;
        }

        void takeNext(Tally tally) {
            T item = next;
            next = null;
            tally.add(() -> reconcile.apply(item), kind, id.apply(item));
        }

        /** What is still pending from the next payment on (none when the queue was read to its end). */
        Left left() {
            return hasNext() ? leftUpTo.apply(createdAt.apply(next)) : Left.NONE;
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
            } catch (KBankKeyRefused e) {
                // Our key, not this payment: every other payment would fail the same way and page once each. The
                // run stops here and fails once (Lambda's retries, then its failure destination and alarm).
                throw e;
            } catch (RuntimeException e) {
                errors++;
                Log.error("reconciliation could not settle a payment; next run tries again", e, "kind", kind, "id", id);
            }
        }

        Summary summary(int reported, Left left) {
            return new Summary(examined, counts[Result.SETTLED.ordinal()], counts[Result.HANDED_ON.ordinal()],
                    counts[Result.REINVOKED.ordinal()], counts[Result.PENDING.ordinal()],
                    counts[Result.UNSETTLED.ordinal()], counts[Result.ABANDONED.ordinal()], reported, errors,
                    left.count(), left.oldest());
        }
    }
}
