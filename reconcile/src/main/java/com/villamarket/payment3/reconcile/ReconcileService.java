package com.villamarket.payment3.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.CardHandoff;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrHandoff;
import com.villamarket.payment3.common.payment.QrPaymentAcceptor;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankOrderRepository.KBankOrder;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reconciliation, which the Python stack lacks: payments recorded longer ago than a minimum age but
 * never handed on (the callback never came, or a function died in between), and KBank QR orders
 * whose callback and notification never came, are asked of KBank and completed or failed through
 * the same once-only paths as a callback, so a lost callback still ends in a paid order.
 */
public final class ReconcileService {

    /** What one run did. */
    public record Summary(int qrHandedOn, int cardPaid, int cardFailed, int cardStillPending, int qrOrdersPaid,
            int qrOrdersExpired, int errors) {
    }

    /** A KBank QR order with no charge this long after creation will never be paid (a QR lasts 10 minutes). */
    static final Duration QR_ORDER_EXPIRY = Duration.ofHours(2);

    private final QrPaymentRecordRepository qrPayments;
    private final QrHandoff qrHandoff;
    private final CardPaymentRecordRepository cardPayments;
    private final CardHandoff cardHandoff;
    private final ChargeVerifier cardVerifier;
    private final Supplier<KBankClient> kbank;
    private final KBankOrderRepository kbankOrders;
    private final QrPaymentAcceptor qrAcceptor;
    private final Duration minAge;
    private final Clock clock;

    public ReconcileService(QrPaymentRecordRepository qrPayments, QrHandoff qrHandoff,
            CardPaymentRecordRepository cardPayments, CardHandoff cardHandoff, ChargeVerifier cardVerifier,
            Supplier<KBankClient> kbank, KBankOrderRepository kbankOrders, QrPaymentAcceptor qrAcceptor,
            Duration minAge, Clock clock) {
        this.kbankOrders = kbankOrders;
        this.qrAcceptor = qrAcceptor;
        this.qrPayments = qrPayments;
        this.qrHandoff = qrHandoff;
        this.cardPayments = cardPayments;
        this.cardHandoff = cardHandoff;
        this.cardVerifier = cardVerifier;
        this.kbank = kbank;
        this.minAge = minAge;
        this.clock = clock;
    }

    public static ReconcileService create(Components c, AsyncInvoker invoker) {
        Duration minAge = Duration.ofMinutes(Long.parseLong(c.config().optional("RECONCILE_MIN_AGE_MINUTES").orElse("15")));
        QrHandoff qrHandoff = new QrHandoff(c.qrPaymentRecords(), invoker, c.names().processPaidOrderInternalFunction(),
                c.clock());
        return new ReconcileService(c.qrPaymentRecords(), qrHandoff,
                c.cardPaymentRecords(), new CardHandoff(invoker, c::kbank, c.names(), c.clock()),
                c.chargeVerifier(ChargeVerifier.Kind.CARD), c::kbank, c.kbankOrders(),
                new QrPaymentAcceptor(c.chargeVerifier(ChargeVerifier.Kind.QR), c.orders(), c.qrPaymentRecords(),
                        qrHandoff, c.clock()),
                minAge, c.clock());
    }

    /** One reconciliation pass; an error on one payment is logged and the others go on. */
    public Summary run() {
        Instant cutoff = clock.instant().minus(minAge);
        int qr = 0;
        int paid = 0;
        int failed = 0;
        int pending = 0;
        int errors = 0;
        for (QrPaymentRecord record : qrPayments.notHandedOn(cutoff)) {
            try {
                if (qrHandoff.handOn(record.chargeId(), record.orderId())) {
                    qr++;
                    Log.warn("reconciliation handed on a QR payment that was never processed",
                            "orderId", record.orderId(), "chargeId", record.chargeId());
                }
            } catch (RuntimeException e) {
                errors++;
                Log.error("reconciliation could not hand on a QR payment", e, "chargeId", record.chargeId());
            }
        }
        for (CardPaymentRecord record : cardPayments.notHandedOn(cutoff)) {
            try {
                switch (reconcile(record)) {
                    case PAID -> paid++;
                    case FAILED -> failed++;
                    case PENDING -> pending++;
                }
            } catch (RuntimeException e) {
                errors++;
                Log.error("reconciliation could not settle a card payment", e, "chargeId", record.chargeId());
            }
        }
        int ordersPaid = 0;
        int ordersExpired = 0;
        for (KBankOrder order : kbankOrders.unsettled(cutoff)) {
            try {
                switch (reconcile(order)) {
                    case PAID -> ordersPaid++;
                    case FAILED -> ordersExpired++;
                    case PENDING -> { }
                }
            } catch (RuntimeException e) {
                errors++;
                Log.error("reconciliation could not settle a KBank QR order", e, "referenceOrder", order.referenceOrder());
            }
        }
        Summary summary = new Summary(qr, paid, failed, pending, ordersPaid, ordersExpired, errors);
        Log.info("reconciliation done", "qrHandedOn", qr, "cardPaid", paid, "cardFailed", failed,
                "cardStillPending", pending, "qrOrdersPaid", ordersPaid, "qrOrdersExpired", ordersExpired,
                "errors", errors);
        return summary;
    }

    /**
     * A KBank QR order whose callback and notification never came: when KBank's order inquiry names
     * its charge, the charge goes through the QR callback's path (confirmed, bound, handed on once).
     */
    private CardResult reconcile(KBankOrder order) {
        JsonNode answer = kbank.get().qrOrder(order.kbankOrderId());
        String charge = Json.text(answer, "charge_id");
        if (charge == null) {
            charge = Json.text(answer.path("charge"), "id");
        }
        Instant now = clock.instant();
        if (charge == null) {
            if (order.createdAt().isBefore(now.minus(QR_ORDER_EXPIRY))) {
                kbankOrders.markSettled(order.referenceOrder(), "EXPIRED", now);
                return CardResult.FAILED;
            }
            return CardResult.PENDING;
        }
        try {
            qrAcceptor.accept(new OrderId(order.orderId()), ChargeId.parse(charge), Optional.empty());
            kbankOrders.markSettled(order.referenceOrder(), "PAID", now);
            Log.warn("reconciliation completed a QR payment whose callback and notification never came",
                    "orderId", order.orderId(), "chargeId", charge);
            return CardResult.PAID;
        } catch (PaymentRejectedException e) {
            if (e.reason() == RejectionReason.NOT_PAID && !order.createdAt().isBefore(now.minus(QR_ORDER_EXPIRY))) {
                return CardResult.PENDING;
            }
            // Refused for good (another order, another amount, paid twice): logged for a person.
            kbankOrders.markSettled(order.referenceOrder(), "REFUSED_" + e.reason().name(), now);
            throw new IllegalStateException("KBank order " + order.kbankOrderId() + ": " + e.getMessage(), e);
        }
    }

    private enum CardResult { PAID, FAILED, PENDING }

    private CardResult reconcile(CardPaymentRecord record) {
        ChargeId chargeId = ChargeId.parse(record.chargeId());
        KBankCharge charge = kbank.get().cardCharge(chargeId);
        if (charge.isPaid()) {
            try {
                cardVerifier.check(charge, chargeId, new OrderId(record.orderId()), record.amount(), Optional.empty());
            } catch (PaymentRejectedException e) {
                // Paid, but not as recorded: a person must look, nothing is processed.
                throw new IllegalStateException("charge " + chargeId + " is paid but does not match its record: "
                        + e.getMessage(), e);
            }
            cardPayments.setPaid(record.tokenId(), true);
            cardHandoff.handOn(cardPayments, record, charge);
            Log.warn("reconciliation completed a card payment whose callback never came", "orderId", record.orderId(),
                    "chargeId", chargeId);
            return CardResult.PAID;
        }
        if (charge.transactionState().isFinalUnpaid()) {
            cardPayments.setPaid(record.tokenId(), false);
            if (!cardHandoff.handOn(cardPayments, record, charge)) {
                // Nothing to hand on (a card verification): mark it settled so it is not asked again.
                cardPayments.claimInvocation(record.tokenId(), clock.instant());
            }
            return CardResult.FAILED;
        }
        return CardResult.PENDING;
    }

    /** The summary as the handler answers it. */
    static String toJson(Summary summary) {
        ObjectNode node = Json.object();
        node.put("qrHandedOn", summary.qrHandedOn());
        node.put("cardPaid", summary.cardPaid());
        node.put("cardFailed", summary.cardFailed());
        node.put("cardStillPending", summary.cardStillPending());
        node.put("qrOrdersPaid", summary.qrOrdersPaid());
        node.put("qrOrdersExpired", summary.qrOrdersExpired());
        node.put("errors", summary.errors());
        return Json.write(node);
    }
}
