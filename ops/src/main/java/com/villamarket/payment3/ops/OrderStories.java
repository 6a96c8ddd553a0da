package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.kbank.KBankQrOrder;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.PaymentType;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.persistence.QrNotifyRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.ops.Facts.ChargeView;
import com.villamarket.payment3.ops.Facts.OrderView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Tells the story of one order or one charge: reads every table of the suite that knows something of
 * it (through the repositories, each table by its key or an index, the error log by a bounded scan)
 * and, when given KBank's inquiries, KBank's current view of each charge; then the events in time
 * order and the verdict. It only reads: give it a {@link ReadOnlyDynamoDb} and {@link KBankInquiries}.
 */
public final class OrderStories {

    /** KBank is asked about at most this many charges per story. */
    static final int MAX_KBANK_CHARGES = 20;

    /** The repositories a story reads, one per table. */
    public record Tables(OrderRepository orders, QrCallbackRecordRepository qrCallbacks,
            QrPaymentRecordRepository qrRecords, CardPaymentRecordRepository cardRecords,
            Optional<CardPaymentRecordRepository> masterCardRecords, CreditCardNotifyRepository cardNotifies,
            ProcessPaidOrderLogRepository processPaidOrder, CheckStatusRepository checkStatus,
            CallbackErrorLogRepository errorLog, KBankOrderRepository kbankOrders, QrNotifyRepository qrNotifies) {

        /** The branch's tables and the shop's order table, over a client that should be {@link ReadOnlyDynamoDb}. */
        public static Tables of(DynamoDbClient dynamoDb, Names names, String orderTable) {
            return new Tables(new OrderRepository(dynamoDb, orderTable),
                    new QrCallbackRecordRepository(dynamoDb, names.qrCallbackRecordTable()),
                    new QrPaymentRecordRepository(dynamoDb, names.qrPaymentRecordTable()),
                    new CardPaymentRecordRepository(dynamoDb, names.cardPaymentRecordTable()),
                    "master".equals(names.branch()) ? Optional.empty()
                            : Optional.of(new CardPaymentRecordRepository(dynamoDb, names.masterCardPaymentRecordTable())),
                    new CreditCardNotifyRepository(dynamoDb, names.creditCardNotifyTable()),
                    new ProcessPaidOrderLogRepository(dynamoDb, names.processPaidOrderTable()),
                    new CheckStatusRepository(dynamoDb, names.checkStatusTable()),
                    new CallbackErrorLogRepository(dynamoDb, names.callbackErrorLogTable()),
                    new KBankOrderRepository(dynamoDb, names.kbankOrderTable()),
                    new QrNotifyRepository(dynamoDb, names.qrNotifyTable()));
        }
    }

    /**
     * How a story is told.
     *
     * @param kbank              KBank's inquiries, asked for each charge (--kbank); empty not to ask
     * @param errorLogScanLimit  how many error log entries a story reads at most
     * @param zone               the reader's time zone, for the verdict's times
     */
    public record Settings(Optional<KBankInquiries> kbank, long errorLogScanLimit, ZoneId zone) {
    }

    private final Tables tables;
    private final Settings settings;
    private final Commands commands;
    private final Clock clock;

    public OrderStories(Tables tables, Settings settings, Commands commands, Clock clock) {
        this.tables = tables;
        this.settings = settings;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * The story of an order id or a charge id ({@code chrg_…}).
     *
     * @throws IllegalArgumentException when it is neither
     */
    public Story of(String id) {
        String text = id == null ? "" : id.trim();
        return text.startsWith("chrg_") ? ofCharge(ChargeId.parse(text)) : ofOrder(OrderId.parse(text));
    }

    /** The story of an order. */
    public Story ofOrder(OrderId orderId) {
        if (orderId.isAddCard()) {
            throw new IllegalArgumentException("ADDCARD is not an order: give the card verification's charge id");
        }
        List<String> notes = new ArrayList<>();
        return tell(orderId.value(), order(orderId.value(), Set.of(), notes), notes);
    }

    /**
     * The story of a charge: its order's, when a payment record binds it to one (or only one order was
     * named with it); else what the callbacks, notifies and error log say of the charge alone.
     */
    public Story ofCharge(ChargeId chargeId) {
        String charge = chargeId.value();
        List<String> notes = new ArrayList<>();
        Optional<QrPaymentRecord> qr = tables.qrRecords().find(chargeId);
        if (qr.isPresent()) {
            return tell(charge, order(qr.get().orderId().value(), Set.of(charge), notes), notes);
        }
        Optional<CardPaymentRecord> card = cardOfCharge(chargeId, notes);
        if (card.isPresent() && !card.get().isAddCard()) {
            return tell(charge, order(card.get().orderId().value(), Set.of(charge), notes), notes);
        }
        if (card.isPresent()) {
            return tell(charge, cardVerification(card.get(), notes), notes);
        }
        List<QrCallbackRecord> callbacks = tables.qrCallbacks().forCharge(chargeId);
        List<CreditCardNotify> notifies = tables.cardNotifies().forCharge(chargeId);
        List<CallbackError> errors = errorLog(Set.of(), Set.of(charge), notes);
        Set<String> named = new LinkedHashSet<>();
        callbacks.forEach(c -> named.add(text(c.orderId())));
        notifies.forEach(n -> named.add(text(n.orderId())));
        errors.forEach(e -> named.add(text(e.orderId())));
        List<String> orders = named.stream().filter(OrderStories::isOrderId).toList();
        if (orders.size() == 1) {
            notes.add("no payment record binds " + charge + " to an order; the story is of order " + orders.get(0)
                    + ", the only one named with it");
            return tell(charge, order(orders.get(0), Set.of(charge), notes), notes);
        }
        notes.add("no payment record binds " + charge + " to an order" + (orders.isEmpty() ? ""
                : "; it was named with orders " + String.join(", ", orders)));
        Map<String, ChargeView> views = new LinkedHashMap<>();
        Map<String, ChargeVerifier.Kind> kinds = new LinkedHashMap<>();
        callbacks.forEach(c -> kinds.put(charge, ChargeVerifier.Kind.QR));
        notifies.forEach(n -> kinds.put(charge, ChargeVerifier.Kind.CARD));
        errors.forEach(e -> kindOfFunction(e.functionName()).ifPresent(k -> kinds.putIfAbsent(charge, k)));
        askKBank(kinds, null, Set.of(), views, notes);
        return tell(charge, new Facts(null, null, callbacks, List.of(), List.of(), notifies, List.of(), List.of(), errors,
                List.of(), List.of(), views, Map.of(), settings.kbank().isPresent()), notes);
    }

    private Story tell(String subject, Facts facts, List<String> notes) {
        Instant now = clock.instant();
        if (settings.kbank().isEmpty()) {
            notes.add("KBank was not asked: " + commands.askKBank() + " adds KBank's current view of each charge");
        }
        return new Story(subject, facts.orderId(), StoryEvents.of(facts, commands, now),
                Verdicts.decide(facts, commands, settings.zone()), notes, now);
    }

    /** Everything of one order, and of its charges. */
    private Facts order(String orderId, Set<String> asked, List<String> notes) {
        OrderId id = new OrderId(orderId);
        Order order = null;
        try {
            order = tables.orders().find(id).orElse(null);
            if (order == null) {
                notes.add("order " + orderId + " is not in the order table");
            }
        } catch (StoredDataException e) {
            notes.add("the order item cannot be read: " + e.getMessage());
        }
        List<QrCallbackRecord> callbacks = new ArrayList<>(tables.qrCallbacks().forOrder(id));
        List<QrPaymentRecord> qrRecords = tables.qrRecords().forOrder(id);
        List<CardPaymentRecord> cardRecords = tables.cardRecords().findByOrder(id).stream()
                .sorted(Comparator.comparing(CardPaymentRecord::createdAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        List<ProcessPaidOrderLog> runs = tables.processPaidOrder().forOrder(id);
        List<CheckStatus> checks = tables.checkStatus().forOrder(id);
        List<KBankOrder> kbankOrders = tables.kbankOrders().forOrder(id);
        List<QrNotify> qrNotifies = kbankOrders.stream()
                .flatMap(o -> tables.qrNotifies().forTransaction(o.referenceOrder()).stream()).toList();

        Map<String, ChargeVerifier.Kind> charges = new LinkedHashMap<>();
        Set<String> kindUnknown = new LinkedHashSet<>();
        if (order != null) {
            String header = order.data().path("payment").path("paymentMethod").asText("");
            addCharge(order.paidBy(),
                    "card".equals(header) ? ChargeVerifier.Kind.CARD : "qr".equals(header) ? ChargeVerifier.Kind.QR : null,
                    charges, kindUnknown);
        }
        qrRecords.forEach(r -> addCharge(r.chargeId().value(), ChargeVerifier.Kind.QR, charges, kindUnknown));
        cardRecords.forEach(r -> addCharge(Facts.chargeOf(r), ChargeVerifier.Kind.CARD, charges, kindUnknown));
        callbacks.forEach(c -> addCharge(text(c.chargeId()), ChargeVerifier.Kind.QR, charges, kindUnknown));
        runs.forEach(r -> addCharge(text(r.chargeId()), r.paymentType() == PaymentType.CARD ? ChargeVerifier.Kind.CARD
                : r.paymentType() == PaymentType.QR ? ChargeVerifier.Kind.QR : null, charges, kindUnknown));
        checks.forEach(c -> addCharge(text(c.chargeId()), ChargeVerifier.Kind.CARD, charges, kindUnknown));
        asked.forEach(c -> addCharge(c, null, charges, kindUnknown));

        // Callbacks that named a QR charge of this order under another order id (a charge used twice, a forgery).
        Set<String> seen = new LinkedHashSet<>();
        callbacks.forEach(c -> seen.add(c.orderId() + "|" + c.createdAt()));
        for (Map.Entry<String, ChargeVerifier.Kind> c : List.copyOf(charges.entrySet())) {
            if (c.getValue() == ChargeVerifier.Kind.QR) {
                tables.qrCallbacks().forCharge(new ChargeId(c.getKey())).stream()
                        .filter(r -> seen.add(r.orderId() + "|" + r.createdAt())).forEach(callbacks::add);
            }
        }
        List<CallbackError> errors = errorLog(Set.of(orderId), charges.keySet(), notes);
        errors.forEach(e -> addCharge(text(e.chargeId()), kindOfFunction(e.functionName()).orElse(null), charges, kindUnknown));
        List<CreditCardNotify> cardNotifies = new ArrayList<>();
        charges.forEach((charge, kind) -> {
            if (kind == ChargeVerifier.Kind.CARD) {
                cardNotifies.addAll(tables.cardNotifies().forCharge(new ChargeId(charge)));
            }
        });
        callbacks.sort(Comparator.comparing(QrCallbackRecord::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));

        Map<String, ChargeView> views = new LinkedHashMap<>();
        Map<String, OrderView> orderViews = new LinkedHashMap<>();
        if (settings.kbank().isPresent()) {
            Set<String> bound = new LinkedHashSet<>();
            qrRecords.forEach(r -> bound.add(r.chargeId().value()));
            cardRecords.forEach(r -> bound.add(Facts.chargeOf(r)));
            for (KBankOrder o : kbankOrders) {
                OrderView view = kbankOrder(o);
                orderViews.put(o.kbankOrderId(), view);
                if (view.chargeId() != null) {
                    addCharge(view.chargeId(), ChargeVerifier.Kind.QR, charges, kindUnknown);
                }
            }
            Map<String, ChargeVerifier.Kind> known = new LinkedHashMap<>(charges);
            known.keySet().removeAll(kindUnknown);
            askKBank(known, order, bound, views, notes);
            if (!kindUnknown.isEmpty()) {
                notes.add("KBank was not asked about " + String.join(", ", kindUnknown)
                        + ": nothing recorded says whether it is a QR or a card charge");
            }
        }
        return new Facts(orderId, order, callbacks, qrRecords, cardRecords, cardNotifies, runs, checks, errors,
                kbankOrders, qrNotifies, views, orderViews, settings.kbank().isPresent());
    }

    private Facts cardVerification(CardPaymentRecord record, List<String> notes) {
        String charge = record.chargeId().value();
        List<CreditCardNotify> notifies = tables.cardNotifies().forCharge(record.chargeId());
        List<CallbackError> errors = errorLog(Set.of(), Set.of(charge), notes);
        Map<String, ChargeView> views = new LinkedHashMap<>();
        askKBank(Map.of(charge, ChargeVerifier.Kind.CARD), null, Set.of(charge), views, notes);
        return new Facts(null, null, List.of(), List.of(), List.of(record), notifies, List.of(), List.of(), errors,
                List.of(), List.of(), views, Map.of(), settings.kbank().isPresent());
    }

    /** The card record of a charge: the branch's table, then master's, as the card callback looks. */
    private Optional<CardPaymentRecord> cardOfCharge(ChargeId charge, List<String> notes) {
        Optional<CardPaymentRecord> found = tables.cardRecords().findByCharge(charge);
        if (found.isPresent() || tables.masterCardRecords().isEmpty()) {
            return found;
        }
        CardPaymentRecordRepository master = tables.masterCardRecords().get();
        try {
            found = master.findByCharge(charge);
            found.ifPresent(r -> notes.add(charge + " is recorded in the master branch's card table, "
                    + master.tableName()));
            return found;
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (DynamoDbException e) {
            // An operator of one branch may not read master's table: the story goes on without it.
            if (e.awsErrorDetails() == null || !"AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            notes.add("the master branch's card table, " + master.tableName() + ", could not be read (access denied)");
            return Optional.empty();
        }
    }

    private List<CallbackError> errorLog(Set<String> orderIds, Set<String> chargeIds, List<String> notes) {
        // Each was checked: the order's own id, and charges added only in a charge id's shape.
        CallbackErrorLogRepository.Mentions found = tables.errorLog().mentioning(
                orderIds.stream().map(OrderId::new).toList(), chargeIds.stream().map(ChargeId::new).toList(),
                settings.errorLogScanLimit());
        if (!found.complete()) {
            notes.add("the error log was read in part: the scan stopped after " + found.scanned() + " entries"
                    + " (--error-log-scan-limit); older entries of this order may be missing");
        }
        return found.entries();
    }

    private static void addCharge(String charge, ChargeVerifier.Kind kind, Map<String, ChargeVerifier.Kind> charges,
            Set<String> kindUnknown) {
        if (charge == null || !isChargeId(charge)) {
            return;
        }
        if (kind == null) {
            if (!charges.containsKey(charge)) {
                charges.put(charge, null);
                kindUnknown.add(charge);
            }
            return;
        }
        if (charges.get(charge) == null) {
            charges.put(charge, kind);
            kindUnknown.remove(charge);
        }
    }

    /** Which inquiry answers for the charges a function logs. */
    private static Optional<ChargeVerifier.Kind> kindOfFunction(String functionName) {
        if (functionName == null) {
            return Optional.empty();
        }
        return switch (functionName) {
            case "qrcallback", "qrnotify" -> Optional.of(ChargeVerifier.Kind.QR);
            case "cardtoken", "callback", "notify" -> Optional.of(ChargeVerifier.Kind.CARD);
            default -> Optional.empty();
        };
    }

    /** KBank's answers for these charges, when KBank's inquiries were given; at most {@link #MAX_KBANK_CHARGES}. */
    private void askKBank(Map<String, ChargeVerifier.Kind> charges, Order order, Set<String> bound,
            Map<String, ChargeView> views, List<String> notes) {
        if (settings.kbank().isEmpty()) {
            return;
        }
        KBankInquiries kbank = settings.kbank().get();
        int asked = 0;
        for (Map.Entry<String, ChargeVerifier.Kind> c : charges.entrySet()) {
            if (c.getValue() == null) {
                continue;
            }
            if (asked++ == MAX_KBANK_CHARGES) {
                notes.add("KBank was asked about the first " + MAX_KBANK_CHARGES + " charges only");
                return;
            }
            views.put(c.getKey(), view(kbank, c.getKey(), c.getValue(), order, bound));
        }
    }

    private ChargeView view(KBankInquiries kbank, String charge, ChargeVerifier.Kind kind, Order order, Set<String> bound) {
        ChargeId id = new ChargeId(charge);
        KBankCharge answer;
        try {
            answer = kind == ChargeVerifier.Kind.QR ? kbank.qrCharge(id) : kbank.cardCharge(id);
        } catch (KBankException.ErrorAnswer e) {
            return new ChargeView(charge, kind, null, e.isNotFound() ? "KBank does not know it (" + e.httpStatus() + ")"
                    : "KBank answered " + e.httpStatus() + (e.code() == null ? "" : " " + e.code()), false);
        } catch (KBankException e) {
            return new ChargeView(charge, kind, null, "KBank did not answer: " + e.getMessage(), false);
        } catch (KBankKeyRefused e) {
            return new ChargeView(charge, kind, null, "KBank does not take the key (" + e.httpStatus() + ")", false);
        } catch (PaymentRejectedException e) {
            // An answer that is not what KBank sends (a field missing its type): refused by every path, as said here.
            return new ChargeView(charge, kind, null, "KBank's answer is refused: " + e.getMessage(), false);
        }
        return new ChargeView(charge, kind, answer, null, bound.contains(charge) || belongs(answer, id, kind, order));
    }

    /** Whether KBank's charge is the order's by the suite's own rules (this charge, baht, the order named, its total). */
    private boolean belongs(KBankCharge answer, ChargeId id, ChargeVerifier.Kind kind, Order order) {
        if (order == null || order.grandTotal().isEmpty()) {
            return false;
        }
        ChargeVerifier rules = ChargeVerifier.of(kind, () -> {
            throw new IllegalStateException("the story asks KBank through its inquiries only");
        }, tables.kbankOrders()::orderOf);
        try {
            rules.checkBelongs(answer, id, order.orderId(), order.grandTotal().get(), Optional.empty());
            return true;
        } catch (PaymentRejectedException e) {
            return false;
        }
    }

    private OrderView kbankOrder(KBankOrder o) {
        try {
            KBankQrOrder answer = settings.kbank().get().qrOrder(o.kbankOrderId());
            String charge = answer.chargeId();
            return new OrderView(o.kbankOrderId(), charge != null && isChargeId(charge) ? charge : null,
                    answer.status(), null);
        } catch (KBankException.ErrorAnswer e) {
            return new OrderView(o.kbankOrderId(), null, null, e.isNotFound() ? "KBank does not know it ("
                    + e.httpStatus() + ")" : "KBank answered " + e.httpStatus());
        } catch (KBankException | IllegalArgumentException e) {
            return new OrderView(o.kbankOrderId(), null, null, "KBank did not answer: " + e.getMessage());
        } catch (KBankKeyRefused e) {
            return new OrderView(o.kbankOrderId(), null, null, "KBank does not take the key (" + e.httpStatus() + ")");
        } catch (PaymentRejectedException e) {
            return new OrderView(o.kbankOrderId(), null, null, "KBank's answer is refused: " + e.getMessage());
        }
    }

    /** An id's text; null for null. */
    private static String text(Object id) {
        return id == null ? null : id.toString();
    }

    private static boolean isChargeId(String text) {
        try {
            ChargeId.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isOrderId(String text) {
        try {
            OrderId.parse(text);
            return !OrderId.ADDCARD.value().equals(text) && !QrCallbackRecord.isNoOrder(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
