package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.TransactionState;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.OnceOnly.Claim;
import com.villamarket.payment3.common.persistence.CardPaymentLifecycle;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.SettledUnpaid;
import com.villamarket.payment3.common.persistence.StoredDataException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The one settle path of a card payment, whoever reports it (card-token when KBank authorizes at
 * once, the browser's callback after 3-D Secure, KBank's notify, reconciliation): the record is
 * found (the branch's table, then the master branch's), KBank's inquiry decides, and a settled
 * charge is handed on once: an order's to ProcessPaidOrder, a paid ADDCARD's to keeping the card.
 * A charge KBank has not settled is never handed on, so a later report can still settle it.
 */
public final class CardPayments {

    /** A card payment record and the table that holds it. */
    public record Found(CardPaymentRecord record, CardPaymentRecordRepository table) {
    }

    /**
     * What a callback or notify reported, for the credit-card notify table.
     *
     * @param source         {@code callback} or {@code notify}
     * @param statusReceived the status the reporter claimed; null when none
     */
    public record Report(String source, String statusReceived, String rawEvent) {
    }

    /**
     * What settling did.
     *
     * @param charge   KBank's answer; null when nothing needed asking (a replay after an ADDCARD card was kept)
     * @param handedOn whether this call handed the charge on
     */
    public record Result(Settlement settlement, CardPaymentRecord record, KBankCharge charge, boolean handedOn) {
    }

    private final CardPaymentRecordRepository records;
    private final Optional<CardPaymentRecordRepository> masterRecords;
    private final OrderRepository orders;
    private final ChargeVerifier verifier;
    private final CreditCardNotifyRepository notifies;
    private final CheckStatusRepository checks;
    private final OnceOnly once;
    private final Supplier<AsyncInvoker> invoker;
    private final Supplier<KBankClient> kbank;
    private final Names names;
    private final Clock clock;

    /**
     * @param records       this branch's card payment records
     * @param masterRecords the master branch's, looked in second; on master itself they are {@code records}'
     *                      table, looked in once
     */
    public CardPayments(CardPaymentRecordRepository records, CardPaymentRecordRepository masterRecords,
            OrderRepository orders, ChargeVerifier verifier, CreditCardNotifyRepository notifies, CheckStatusRepository checks, OnceOnly once,
            Supplier<AsyncInvoker> invoker, Supplier<KBankClient> kbank, Names names, Clock clock) {
        this.records = records;
        this.orders = orders;
        this.masterRecords = masterRecords.tableName().equals(records.tableName()) ? Optional.empty()
                : Optional.of(masterRecords);
        this.verifier = verifier;
        this.notifies = notifies;
        this.checks = checks;
        this.once = once;
        this.invoker = invoker;
        this.kbank = kbank;
        this.names = names;
        this.clock = clock;
    }

    /**
     * The card payment of a charge: by charge in the branch's table, then in master's; else by the
     * reference KBank's own inquiry of the charge names ({@link #byReference}), which finds a record
     * whose charge id card-token never learnt (KBank's answer to the charge's creation was lost) and
     * binds the charge to it.
     *
     * @param token the token the reporter names; null when none
     * @throws PaymentRejectedException when no payment is recorded for the charge, or the token is not its
     * @throws UnmatchedChargeException when KBank's charge could be any of several records (it is kept on each)
     */
    public Found find(ChargeId chargeId, CardToken token) {
        return find(chargeId, token, false);
    }

    /**
     * As {@link #find(ChargeId, CardToken)} for KBank's notify, whose checksum was verified: a charge no
     * record names is looked up at KBank even with no token to go by (a charge the Python stack made).
     */
    public Found findNotified(ChargeId chargeId) {
        return find(chargeId, null, true);
    }

    private Found find(ChargeId chargeId, CardToken token, boolean signed) {
        Optional<Found> found = records.findByCharge(chargeId).map(r -> new Found(r, records));
        if (found.isEmpty()) {
            found = inMaster(master -> master.findByCharge(chargeId));
        }
        if (found.isEmpty() && (token != null || signed)) {
            found = byReference(chargeId, token);
        }
        Found result = found.orElseThrow(() -> new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE,
                "no card payment is recorded for charge " + chargeId));
        if (token != null && !token.equals(result.record().tokenId())) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                    "the token is not the token charge " + chargeId + " was made with");
        }
        return result;
    }

    /**
     * The record a charge no record names belongs to, by what KBank's inquiry of the charge says (never
     * by what a reporter's body says): its {@code reference_order} is the record's order and its
     * {@code metadata.tokenId}, which card-token sends with every charge, the record's token. A charge
     * made by the Python stack carries no token: it is the order's one pending record without a charge
     * (with several, it is kept on each for reconciliation and a person). The record found gets the
     * charge id, once; one whose charge id is another charge's is never taken.
     *
     * @param token the token the reporter names (the browser's callback); null when none
     * @throws UnmatchedChargeException when several records could be the charge's
     */
    private Optional<Found> byReference(ChargeId chargeId, CardToken token) {
        if (token != null) {
            // A browser's callback: KBank is asked only when the token it names is a payment waiting for a charge.
            Optional<Found> named = records.findByToken(token).map(r -> new Found(r, records));
            if (named.isEmpty()) {
                named = inMaster(master -> master.findByToken(token));
            }
            if (named.isEmpty() || (named.get().record().chargeId() != null
                    && !named.get().record().chargeId().equals(chargeId))) {
                return Optional.empty();
            }
            if (named.get().record().chargeId() != null) {
                // The chargeId index lags behind a fresh write: the token's consistent read found it.
                return named;
            }
        }
        KBankCharge answer;
        try {
            answer = verifier.fetch(chargeId);
        } catch (PaymentRejectedException e) {
            if (e.reason() != RejectionReason.UNKNOWN_CHARGE) {
                throw e;
            }
            // KBank does not know it either: no payment is recorded for it, as the caller is told.
            return Optional.empty();
        }
        Optional<OrderId> referenced = referenced(answer.referenceOrder(), OrderId::parse);
        if (!chargeId.value().equals(answer.id()) || referenced.isEmpty()) {
            return Optional.empty();
        }
        OrderId order = referenced.get();
        CardToken named = null;
        if (answer.referenceToken() != null) {
            // A token KBank names that is not a card token's shape is no record's token: another token than any reported.
            Optional<CardToken> parsed = referenced(answer.referenceToken(), t -> CardToken.parse(t, "metadata.tokenId"));
            if (parsed.isEmpty() && token == null) {
                return Optional.empty();
            }
            if (parsed.isEmpty() || (token != null && !parsed.get().equals(token))) {
                throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                        "KBank's charge " + chargeId + " was made with another token than the one reported");
            }
            named = parsed.get();
        }
        CardToken wanted = named != null ? named : token;
        List<Found> candidates;
        if (wanted != null) {
            Optional<Found> byToken = records.findByToken(wanted).map(r -> new Found(r, records));
            if (byToken.isEmpty()) {
                byToken = inMaster(master -> master.findByToken(wanted));
            }
            candidates = byToken.stream().toList();
        } else {
            candidates = unboundOf(records, order);
            if (candidates.isEmpty() && masterRecords.isPresent()) {
                candidates = inMasterList(master -> unboundOf(master, order));
            }
        }
        candidates = candidates.stream()
                .filter(f -> order.equals(f.record().orderId()))
                .filter(f -> f.record().chargeId() == null || f.record().chargeId().equals(chargeId))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            candidates.forEach(f -> f.table().keepCandidate(f.record().tokenId(), chargeId));
            throw new UnmatchedChargeException("KBank's charge " + chargeId + " of order " + order + " could be any of "
                    + candidates.size() + " card payments without a charge; kept on each for reconciliation");
        }
        return Optional.of(bind(candidates.get(0), chargeId));
    }

    /**
     * Binds a charge KBank confirmed is a record's (its reference names the record) to the record,
     * once: a record whose charge id is another charge's is not changed.
     */
    public Found bind(Found found, ChargeId chargeId) {
        CardPaymentRecord record = found.record();
        if (record.chargeId() == null) {
            found.table().setCharge(record.tokenId(), chargeId);
            Log.warn("card charge bound to its payment by KBank's reference (its id never reached the record)",
                    "orderId", record.orderId(), "chargeId", chargeId);
        }
        return found.table().findByToken(record.tokenId()).map(r -> new Found(r, found.table())).orElseThrow(
                () -> new StoredDataException("the card payment record of token " + record.tokenId() + " vanished"));
    }

    /** A reference KBank's inquiry of a charge names, parsed; empty when absent or not in the id's shape. */
    private static <T> Optional<T> referenced(String text, Function<String, T> parse) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * KBank's inquiry of a card charge.
     *
     * @throws PaymentRejectedException when KBank does not know it
     */
    public KBankCharge inquire(ChargeId chargeId) {
        return verifier.fetch(chargeId);
    }

    /**
     * The unsettled payments of an order that never learnt their charge: this suite's pending ones and
     * the Python stack's (which have no pending marker and are never settled).
     */
    private static List<Found> unboundOf(CardPaymentRecordRepository table, OrderId orderId) {
        return table.findByOrder(orderId).stream().filter(r -> r.chargeId() == null && r.outcome() == null)
                .map(r -> new Found(r, table)).toList();
    }

    /**
     * The card record a ProcessPaidOrder payload names: by token (a consistent read) when it names
     * one, else by charge, else the order's newest record with a charge; the branch's table first,
     * then master's.
     *
     * @throws StoredDataException      when there is none
     * @throws PaymentRejectedException (CHARGE_USED) when it is another order's: whoever sent the payload, it binds nothing
     */
    public Found forProcessing(PaidOrderRequest request) {
        ChargeId chargeId = request.chargeId();
        Optional<Found> found = Optional.empty();
        if (request.tokenId() != null) {
            CardToken token = request.tokenId();
            found = records.findByToken(token).map(r -> new Found(r, records));
            if (found.isEmpty()) {
                found = inMaster(master -> master.findByToken(token));
            }
            found = found.filter(f -> chargeId == null || chargeId.equals(f.record().chargeId()));
        }
        if (found.isEmpty() && chargeId != null) {
            found = records.findByCharge(chargeId).map(r -> new Found(r, records));
            if (found.isEmpty()) {
                found = inMaster(master -> master.findByCharge(chargeId));
            }
        }
        if (found.isEmpty() && chargeId == null) {
            found = records.findByOrder(request.orderId()).stream().filter(r -> r.chargeId() != null)
                    .findFirst().map(r -> new Found(r, records));
        }
        Found result = found.orElseThrow(() -> new StoredDataException("no card payment record for order "
                + request.orderId() + (chargeId == null ? "" : " and charge " + chargeId)));
        if (!result.record().orderId().equals(request.orderId())) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "charge " + result.record().chargeId()
                    + " is recorded for another order than " + request.orderId());
        }
        if (result.record().chargeId() == null) {
            throw new StoredDataException("the card payment record of order " + request.orderId() + " has no charge");
        }
        return result;
    }

    /**
     * Settles a card payment: KBank's inquiry decides (or, for card-token, the answer KBank just gave
     * to the charge's creation); a paid charge must be for the record's order and amount; a settled
     * charge is handed on once; a pending one is only recorded.
     *
     * @param answered KBank's answer already in hand; empty to ask KBank
     * @param report   what a callback or notify reported, recorded in the credit-card notify table; empty for none
     * @throws PaymentRejectedException when KBank does not know the charge, or it pays another order or amount
     * @throws RuntimeException         when KBank or AWS failed (worth a retry)
     */
    public Result settle(Found found, ChargeId chargeId, Optional<KBankCharge> answered, Optional<Report> report) {
        CardPaymentRecord record = found.record();
        if (record.isAddCard() && record.handOn().isDone()) {
            // A replay after the card was kept: its 1 THB is voided by now, which is the end of this flow.
            report.ifPresent(r -> notifies.record(new CreditCardNotify(chargeId, clock.instant(), r.source(),
                    record.orderId(), record.tokenId(), r.statusReceived(), "replay after card kept", null, true, r.rawEvent())));
            return new Result(Settlement.PAID, record, null, false);
        }
        KBankCharge charge = answered.orElseGet(() -> verifier.fetch(chargeId));
        Settlement settlement = charge.settlement();
        if (settlement == Settlement.PAID || charge.contradictsItself()) {
            // Paid, but also for this record's order and amount (an answer that says paid and not paid is refused there).
            verifier.checkBelongs(charge, chargeId, record.orderId(), amountDue(record), Optional.empty());
        }
        boolean paid = settlement == Settlement.PAID;
        // KBank undid (voided, refunded) a charge handed on as paid: whether it paid the order is the order's to say,
        // which reconciliation reads (finished with it: PAID; unpaid: recorded unpaid and FAILED, once), so a late
        // notify or callback rewrites nothing that proves the payment.
        boolean undoneAfterHandOn = settlement == Settlement.FAILED && record.paid() && record.handOn().isDone()
                && !record.isAddCard();
        boolean paidChanges = record.paid() != paid && !undoneAfterHandOn;
        boolean handsOn = settlement != Settlement.PENDING && !(record.isAddCard() && settlement == Settlement.FAILED);
        if (paidChanges && !handsOn) {
            found.table().setPaid(record.tokenId(), paid);
        }
        report.ifPresent(r -> notifies.record(new CreditCardNotify(chargeId, clock.instant(), r.source(),
                record.orderId(), record.tokenId(), r.statusReceived(), charge.status().name(),
                charge.transactionState().wire(), settlement == Settlement.PAID, r.rawEvent())));
        if (undoneAfterHandOn) {
            Log.warn("KBank undid a card charge after it was handed on as paid: left to reconciliation", "orderId",
                    record.orderId(), "chargeId", chargeId, "state", charge.transactionState().wire());
            return new Result(settlement, record, charge, false);
        }
        if (settlement == Settlement.PENDING) {
            Log.info("card charge not settled by KBank yet: not handed on", "orderId", record.orderId(),
                    "chargeId", chargeId, "state", charge.transactionState().wire());
            return new Result(settlement, record, charge, false);
        }
        if (record.isAddCard() && settlement == Settlement.FAILED) {
            new CardPaymentLifecycle(found.table(), clock).settle(record.tokenId(), SettledUnpaid.FAILED);
            return new Result(settlement, record, charge, false);
        }
        // What KBank said is set in the hand-on's claiming write: one write fewer on the browser's path.
        Claim claim = once.run(found.table().handOn(record.tokenId()), OnceOnly.LEASE, OnceOnly.Condition.NONE,
                paidChanges ? CardPaymentRecordRepository.paidAttribute(paid) : Map.of(),
                () -> handOn(record, chargeId, paid));
        if (claim instanceof OnceOnly.Unmet) {
            throw new StoredDataException("the card payment record of token " + record.tokenId() + " vanished");
        }
        if (paidChanges && !(claim instanceof OnceOnly.Taken)) {
            found.table().setPaid(record.tokenId(), paid);
        }
        if (!(claim instanceof OnceOnly.Taken)) {
            Log.info("card charge handed on before", "orderId", record.orderId(), "chargeId", chargeId);
        }
        return new Result(settlement, record, charge, claim instanceof OnceOnly.Taken);
    }

    /**
     * Settles card-token's charge that KBank's answer to its creation calls paid: checked as every
     * settle is (this charge, this order, THB, the record's amount), then the charge id, paid and the
     * hand-on's claim written to the record in one write, and handed on once. When another run claimed
     * the hand-on first (KBank's notify can outrun card-token), it goes the usual way ({@link #settle}).
     *
     * @param record the record card-token created for this request, before KBank was asked
     * @throws PaymentRejectedException when KBank's answer does not bind this charge to this record
     */
    public Result settleCreated(CardPaymentRecord record, ChargeId chargeId, KBankCharge charge) {
        if (charge.settlement() != Settlement.PAID) {
            throw new IllegalArgumentException("settleCreated takes a charge KBank calls paid");
        }
        try {
            verifier.checkBelongs(charge, chargeId, record.orderId(), amountDue(record), Optional.empty());
        } catch (PaymentRejectedException e) {
            // Refused, but KBank made the charge: the record keeps it, for the refund and the story.
            records.setCharge(record.tokenId(), chargeId);
            throw e;
        }
        OnceOnly.NewClaim claim = once.newClaim(OnceOnly.LEASE);
        if (!records.setPaidCharge(record.tokenId(), chargeId, claim)) {
            return settle(new Found(records.findByToken(record.tokenId()).orElseThrow(() -> new StoredDataException(
                    "the card payment record of token " + record.tokenId() + " vanished")), records), chargeId,
                    Optional.of(charge), Optional.empty());
        }
        once.runClaimed(records.handOn(record.tokenId()), claim.taken(), OnceOnly.LEASE,
                () -> handOn(record, chargeId, true));
        return new Result(Settlement.PAID, record, charge, true);
    }

    /**
     * What the record's charge must be: the amount card-token recorded, or for a record the Python
     * stack wrote (it stores none) the order's total, or 1.00 THB for a card verification.
     */
    private Money amountDue(CardPaymentRecord record) {
        if (record.amount() != null) {
            return record.amount();
        }
        if (record.isAddCard()) {
            return CardPaymentRecord.ADDCARD_AMOUNT;
        }
        OrderId orderId = record.orderId();
        return orders.find(orderId).flatMap(Order::grandTotal).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + orderId + " of a card payment recorded without an amount"
                        + " has no grandTotal"));
    }

    private void handOn(CardPaymentRecord record, ChargeId chargeId, boolean paid) {
        if (record.isAddCard()) {
            voidVerificationCharge(chargeId);
            invoker.get().invoke(names.kbankCreateUserFunction(), SaveCardRequest.of(record).toJson());
        } else {
            // The token lets ProcessPaidOrder read the record consistently, not through a GSI that may lag.
            invoker.get().invoke(names.processPaidOrderFunction(),
                    PaidOrderRequest.card(record.orderId(), chargeId, paid, record.tokenId()).toJson());
        }
    }

    /**
     * Confirms a card charge for ProcessPaidOrder(Internal) with KBank's inquiry, like every other
     * path, and records the check in the check-status table.
     *
     * @throws PaymentRejectedException when KBank refuses it for good
     * @throws PaymentPendingException  when KBank has not settled it yet (never recorded as failed)
     */
    public VerifiedPayment confirm(Order order, ChargeId chargeId) {
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + order.orderId() + " has no grandTotal"));
        OrderId orderId = order.orderId();
        try {
            VerifiedPayment payment = verifier.verify(chargeId, orderId, total, Optional.empty());
            checks.record(new CheckStatus(orderId, clock.instant(), chargeId, "success", true,
                    payment.paymentMethod(), payment.paidAmount()));
            return payment;
        } catch (PaymentRejectedException e) {
            checks.record(new CheckStatus(orderId, clock.instant(), chargeId,
                    e.reason().name().toLowerCase(Locale.ROOT), false, ChargeVerifier.Kind.CARD.paymentMethod(), null));
            throw e;
        } catch (PaymentPendingException e) {
            checks.record(new CheckStatus(orderId, clock.instant(), chargeId, "pending", false,
                    ChargeVerifier.Kind.CARD.paymentMethod(), null));
            throw e;
        }
    }

    /** Voids the 1 THB of a card verification; a charge already voided counts as done. */
    private void voidVerificationCharge(ChargeId chargeId) {
        try {
            kbank.get().voidCardCharge(chargeId, "ADDCARD card verification");
        } catch (KBankException.ErrorAnswer e) {
            if (kbank.get().cardCharge(chargeId).transactionState() != TransactionState.VOIDED) {
                throw e;
            }
        }
        Log.info("card verification charge voided", "chargeId", chargeId);
    }

    /** As {@link #inMaster}, for a lookup of several records. */
    private List<Found> inMasterList(Function<CardPaymentRecordRepository, List<Found>> lookup) {
        try {
            return lookup.apply(masterRecords.orElseThrow()).stream().map(f -> adopted(f.record())).toList();
        } catch (ResourceNotFoundException e) {
            Log.warn("the master branch's card payment table does not exist here; not looked in",
                    "table", masterRecords.get().tableName());
            return List.of();
        }
    }

    /**
     * A record found in the master branch's table, copied into this branch's ({@link
     * CardPaymentRecordRepository#adoptFrom}) and finished there: the master branch's table is only read.
     */
    private Found adopted(CardPaymentRecord onMaster) {
        CardPaymentRecordRepository master = masterRecords.orElseThrow();
        CardPaymentRecord copy = records.adoptFrom(master, onMaster.tokenId()).orElseThrow(() -> new StoredDataException(
                "the card payment record of token " + onMaster.tokenId() + " vanished from " + master.tableName()));
        Log.info("card payment found in the master branch's table, finished in this branch's", "orderId", copy.orderId(),
                "table", master.tableName());
        return new Found(copy, records);
    }

    /** A lookup in the master branch's table, whose absence in this account means "not found". */
    private Optional<Found> inMaster(Function<CardPaymentRecordRepository, Optional<CardPaymentRecord>> lookup) {
        if (masterRecords.isEmpty()) {
            return Optional.empty();
        }
        CardPaymentRecordRepository master = masterRecords.get();
        try {
            return lookup.apply(master).map(this::adopted);
        } catch (ResourceNotFoundException e) {
            Log.warn("the master branch's card payment table does not exist here; not looked in", "table", master.tableName());
            return Optional.empty();
        }
    }
}
