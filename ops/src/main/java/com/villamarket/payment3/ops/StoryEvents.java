package com.villamarket.payment3.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.ReportOutcome;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.pynamo.PynamoFormats;
import com.villamarket.payment3.ops.Facts.ChargeView;
import com.villamarket.payment3.ops.Facts.OrderView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns what the tables and KBank say into the lines of a story, oldest first. */
final class StoryEvents {

    private StoryEvents() {
    }

    /**
     * @param toldAt when KBank was asked: the moment of its answers' lines
     */
    static List<StoryEvent> of(Facts f, Commands commands, Instant toldAt) {
        List<StoryEvent> events = new ArrayList<>();
        if (f.order() != null) {
            order(f.order(), events);
        }
        f.kbankOrderRecords().forEach(o -> events.add(kbankOrder(o)));
        f.qrNotifies().forEach(n -> events.add(qrNotify(n)));
        f.qrCallbacks().forEach(c -> events.add(qrCallback(c)));
        f.qrRecords().forEach(r -> qrRecord(r, events));
        f.cardRecords().forEach(r -> cardRecord(r, events));
        f.cardNotifies().forEach(n -> events.add(cardNotify(n)));
        f.checks().forEach(c -> events.add(check(c)));
        f.processPaidOrder().forEach(r -> events.add(processPaidOrder(r)));
        f.errors().forEach(e -> events.add(error(e, commands)));
        f.kbankCharges().values().stream().sorted(Comparator.comparing(ChargeView::chargeId))
                .forEach(v -> events.add(kbankCharge(v, toldAt)));
        f.kbankOrders().values().stream().sorted(Comparator.comparing(OrderView::kbankOrderId))
                .forEach(v -> events.add(kbankOrderNow(v, toldAt)));
        // Stable: lines of one moment keep the order above (a record before its hand-on, for example).
        events.sort(Comparator.comparing(StoryEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return events;
    }

    /** What an after-paid step of the order does, for a sentence. */
    static String stepName(String attribute) {
        return switch (attribute) {
            case OrderRepository.NOTIFY -> "the paid notification (e-mail, SNS; payment3Notify)";
            case OrderRepository.PAY -> "the hand-on to the shop's Pay function (payment3Pay)";
            case OrderRepository.SAVE_CARD -> "keeping the card (kbank-create-user; payment3SaveCard)";
            default -> attribute;
        };
    }

    private static void order(Order order, List<StoryEvent> events) {
        if (order.paidChargeId() != null) {
            events.add(StoryEvent.of(order.paidAt(), "order", "marked paid with " + order.paidChargeId()
                    + " (data.payment written, payment3PaidChargeId set)"));
        } else if (order.isPaid()) {
            JsonNode header = order.data().path("payment");
            events.add(StoryEvent.of(headerTime(header), "order", "payment header says paid"
                    + (order.headerPaymentId() == null ? " and names no charge" : " by " + order.headerPaymentId())
                    + " (no payment3PaidChargeId: not marked by this suite)"));
        }
        for (String attribute : OrderRepository.STEPS) {
            StepState step = order.step(attribute);
            if (step.isDone()) {
                events.add(StoryEvent.of(step.doneAt(), "order", stepName(attribute) + ": done (sent)"));
            } else if (step.isInProgress()) {
                events.add(StoryEvent.of(step.claimedAt(), "order", stepName(attribute) + ": claimed, not done"
                        + " (lease until " + Times.utc(step.leaseUntil()) + ")"));
            }
        }
        if (order.finishedAt() != null) {
            events.add(StoryEvent.of(order.finishedAt(), "order", "every after-paid step done (payment3FinishedAt)"));
        }
    }

    /** The header's {@code paidAt} when it is a datetime; the Python stack's may be anything. */
    private static Instant headerTime(JsonNode header) {
        String text = header.path("paidAt").asText(null);
        if (text == null) {
            return null;
        }
        try {
            return PynamoFormats.parseDateTime(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static StoryEvent kbankOrder(KBankOrder o) {
        return StoryEvent.of(o.createdAt(), "kbank-order", "KBank " + o.sourceType() + " order " + o.kbankOrderId()
                + " created for " + amount(o.amount()) + ", reference " + o.referenceOrder() + ": "
                + (o.pending() ? "not settled yet" : "settled " + o.outcome()));
    }

    /** A report's outcome as its table stores it (one this build does not know, as stored); "null" for none. */
    private static String stored(ReportOutcome outcome, Function<ReportOutcome, String> spelling) {
        if (outcome == null) {
            return "null";
        }
        return outcome.kind() == ReportOutcome.Kind.UNKNOWN ? outcome.code() : spelling.apply(outcome);
    }

    private static StoryEvent qrNotify(QrNotify n) {
        return StoryEvent.of(n.createdAt(), "qr-notify", "KBank's QR notification " + n.partnerTxnUid() + ", statusCode "
                + n.statusCode() + ": " + stored(n.outcome(), ReportOutcome::asNotifyOutcome) + (n.reason() == null ? "" : " (" + n.reason() + ")"));
    }

    private static StoryEvent qrCallback(QrCallbackRecord c) {
        return StoryEvent.of(c.createdAt(), "qr-callback", "QR callback for order " + c.orderId() + ": " + stored(c.outcome(), ReportOutcome::asCallbackOutcome)
                + "; charge " + c.chargeId() + ", status " + c.status() + ", amount " + c.amount()
                + (c.reason() == null ? "" : " (" + c.reason() + ")") + (c.requestId() == null ? "" : ", request " + c.requestId()));
    }

    private static void qrRecord(QrPaymentRecord r, List<StoryEvent> events) {
        events.add(StoryEvent.of(r.createdAt(), "qr-payment", "QR charge " + r.chargeId() + " bound to order " + r.orderId()
                + ": " + (r.paid() ? "paid " + amount(r.paidAmount()) : "not paid when recorded")
                + settled(r.pending(), r.outcome())));
        handOn(r.handOn(), "QR charge " + r.chargeId() + " handed on to ProcessPaidOrderInternal", "qr-payment", events);
    }

    private static void cardRecord(CardPaymentRecord r, List<StoryEvent> events) {
        events.add(StoryEvent.of(r.createdAt(), "card-payment", "card payment " + (r.isAddCard() ? "(ADDCARD) " : "")
                + "with token " + r.tokenId() + " for " + amount(r.amount()) + ", charge "
                + (r.chargeId() == null ? "not known" : r.chargeId()) + ": " + (r.paid() ? "paid" : "not paid")
                + (r.saveCard() ? ", card to be kept" : "") + settled(r.pending(), r.outcome())));
        handOn(r.handOn(), r.isAddCard() ? "the verification charge voided and the card handed to kbank-create-user"
                : "card charge " + r.chargeId() + " handed on to ProcessPaidOrder", "card-payment", events);
    }

    /** Where a payment record stands in the pending index reconciliation reads. */
    private static String settled(boolean pending, SettledAs outcome) {
        return pending ? "; in the pending index (reconciliation settles it)" : "; settled " + outcome;
    }

    private static void handOn(StepState step, String what, String source, List<StoryEvent> events) {
        if (step.isDone()) {
            events.add(StoryEvent.of(step.doneAt(), source, what));
        } else if (step.isInProgress()) {
            events.add(StoryEvent.of(step.claimedAt(), source, what + ": claimed, not done (lease until "
                    + Times.utc(step.leaseUntil()) + ")"));
        }
    }

    private static StoryEvent cardNotify(CreditCardNotify n) {
        return StoryEvent.of(n.createdAt(), "card-notify", "card " + n.source() + " for " + n.chargeId() + " (order "
                + n.orderId() + "): said " + n.statusReceived() + "; KBank: " + n.kbankStatus()
                + (n.transactionState() == null ? "" : " " + n.transactionState()) + ", " + (n.paid() ? "paid" : "not paid"));
    }

    private static StoryEvent check(CheckStatus c) {
        return StoryEvent.of(c.createdAt(), "check-status", "KBank's answer to ProcessPaidOrder for " + c.chargeId() + ": "
                + c.status() + (c.amount() == null ? "" : ", " + amount(c.amount())));
    }

    private static StoryEvent processPaidOrder(ProcessPaidOrderLog r) {
        ProcessedAs outcome = r.outcome();
        String what = switch (outcome == null ? ProcessedAs.UNKNOWN : outcome) {
            case PAID -> "success row: order paid with " + r.chargeId();
            case NOT_PAID -> "not paid, failure e-mail sent: " + r.chargeId() + " (" + r.error() + ")";
            case ALREADY_PAID -> "not processed, " + r.chargeId() + " came after the order was paid (" + r.error() + ")";
            default -> "attempt failed (" + r.outcome() + ") for " + r.chargeId() + ": " + r.error()
                    + "; Lambda retries, then the failure destination";
        };
        return StoryEvent.of(r.createdAt(), "process-paid-order", r.paymentType() + ": " + what);
    }

    private static StoryEvent error(CallbackError e, Commands commands) {
        boolean refusal = Verdicts.isRefusal(e.errorType());
        boolean replayable = !e.resolved() && !refusal && Verdicts.isReplayable(e);
        String state;
        if (e.resolved()) {
            state = "resolved" + (e.responseData() == null ? "" : " (" + e.responseData() + ")");
        } else if (refusal) {
            state = "open, a refusal: a replay is refused again";
        } else if (replayable) {
            state = "open";
        } else {
            state = "open, a report of reconciliation: nothing to replay";
        }
        return new StoryEvent(e.createdAt(), "error-log", e.functionName() + " " + e.errorType() + ": " + e.error()
                + " [errorId " + e.errorId() + ", " + state + "]", replayable ? commands.replay(e.errorId()) : null);
    }

    private static StoryEvent kbankCharge(ChargeView v, Instant toldAt) {
        String kind = v.kind().paymentMethod();
        if (v.charge() == null) {
            return StoryEvent.of(toldAt, "kbank", "KBank now, " + kind + " charge " + v.chargeId() + ": " + v.problem());
        }
        KBankCharge c = v.charge();
        return StoryEvent.of(toldAt, "kbank", "KBank now, " + kind + " charge " + v.chargeId() + ": status "
                + c.status().name().toLowerCase(Locale.ROOT) + ", " + state(c) + ", " + amount(c.amount())
                + (c.referenceOrder() == null ? "" : ", reference_order " + c.referenceOrder())
                + (c.failureCode() == null || c.failureCode().isBlank() ? "" : ", failure " + c.failureCode())
                + (v.belongs() ? "" : "; not this order's by the suite's rules"));
    }

    private static String state(KBankCharge c) {
        String wire = c.transactionState().wire();
        return wire.isEmpty() ? "no transaction_state" : wire;
    }

    private static StoryEvent kbankOrderNow(OrderView v, Instant toldAt) {
        if (v.problem() != null) {
            return StoryEvent.of(toldAt, "kbank", "KBank now, QR order " + v.kbankOrderId() + ": " + v.problem());
        }
        return StoryEvent.of(toldAt, "kbank", "KBank now, QR order " + v.kbankOrderId() + ": "
                + (v.status() == null ? "" : "status " + v.status() + ", ")
                + (v.chargeId() == null ? "names no charge yet" : "names charge " + v.chargeId()));
    }

    private static String amount(Money amount) {
        return amount == null ? "an unknown amount" : amount.toPlainString() + " THB";
    }
}
