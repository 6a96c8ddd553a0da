package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.kbank.TransactionState;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.ReportOutcome;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.ops.Facts.ChargeView;
import com.villamarket.payment3.ops.Facts.OrderView;
import com.villamarket.payment3.ops.Verdict.Kind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verdict of a story, by the suite's own model of a payment (common/payment, docs/integrity.md, "Payment
 * integrity"): the order's paid charge, the charges that took money (a paid record, or KBank's
 * answer for a charge of the order), what is still unsettled, what failed on our side, what was refused.
 */
final class Verdicts {

    private Verdicts() {
    }

    static Verdict decide(Facts f, Commands commands, ZoneId zone) {
        if (f.orderId() == null && !f.cardRecords().isEmpty()
                && f.cardRecords().stream().allMatch(CardPaymentRecord::isAddCard)) {
            return cardVerification(f.cardRecords().get(0), f, zone);
        }
        Map<String, String> moneyIn = moneyIn(f);
        Order order = f.order();
        if (order != null && order.isPaid()) {
            return paid(f, order, moneyIn, commands);
        }
        if (!moneyIn.isEmpty()) {
            return customerPaid(f, moneyIn, commands);
        }
        Optional<Verdict> pending = pending(f, zone);
        if (pending.isPresent()) {
            return pending.get();
        }
        List<CallbackError> open = openFailures(f);
        if (!open.isEmpty()) {
            CallbackError first = open.get(0);
            List<String> actions = new ArrayList<>();
            open.forEach(e -> actions.add("replay errorId " + e.errorId() + ": " + commands.replay(e.errorId())));
            if (!f.kbankAsked()) {
                actions.add(commands.askKBank() + " shows whether the customer paid");
            }
            return new Verdict(Kind.REPORT_FAILED, "not settled: " + (first.chargeId() == null ? "a report"
                    : "a report of " + first.chargeId()) + " failed on our side (" + first.errorType()
                    + ") and is still open: replay errorId " + first.errorId(), ReceivedId.textOf(first.chargeId()), actions);
        }
        Optional<Verdict> undone = failedAfterHandOn(f);
        if (undone.isPresent()) {
            return undone.get();
        }
        Set<String> refusals = refusals(f);
        if (!refusals.isEmpty()) {
            return new Verdict(Kind.REFUSED, "no payment: only refused reports (" + String.join(", ", refusals) + ")",
                    null, List.of());
        }
        return new Verdict(Kind.NO_PAYMENT, "no payment", null, List.of());
    }

    /**
     * The charges of the order that took the customer's money, with how that is known: the suite's
     * record says paid (KBank's inquiry when last asked), or KBank's answer now says so for a charge
     * of the order. A charge KBank now says is voided, reversed or refunded no longer counts.
     */
    private static Map<String, String> moneyIn(Facts f) {
        Map<String, String> in = new LinkedHashMap<>();
        for (QrPaymentRecord r : f.qrRecords()) {
            if (r.paid()) {
                count(f, r.chargeId().value(), in);
            }
        }
        for (CardPaymentRecord r : f.cardRecords()) {
            if (!r.isAddCard() && r.chargeId() != null && r.paid()) {
                count(f, r.chargeId().value(), in);
            }
        }
        for (ChargeView view : f.kbankCharges().values()) {
            if (view.paid() && view.belongs()) {
                count(f, view.chargeId(), in);
            }
        }
        return in;
    }

    private static void count(Facts f, String chargeId, Map<String, String> in) {
        ChargeView view = f.kbankCharges().get(chargeId);
        if (view != null && view.failed()) {
            return;
        }
        in.putIfAbsent(chargeId, view != null && view.charge() != null
                ? "KBank: " + view.charge().transactionState().wire()
                : "the suite's record: paid, as KBank said when last asked");
    }

    /** Charges reconciliation or the settle path recorded as needing a refund, unless KBank now says the money went back. */
    private static Set<String> needsRefund(Facts f) {
        Set<String> charges = new LinkedHashSet<>();
        f.qrRecords().stream().filter(r -> r.outcome() == SettledAs.NEEDS_REFUND)
                .forEach(r -> charges.add(r.chargeId().value()));
        f.cardRecords().stream().filter(r -> r.outcome() == SettledAs.NEEDS_REFUND && r.chargeId() != null)
                .forEach(r -> charges.add(r.chargeId().value()));
        charges.removeIf(c -> f.kbankCharges().containsKey(c) && f.kbankCharges().get(c).failed());
        return charges;
    }

    private static Verdict paid(Facts f, Order order, Map<String, String> moneyIn, Commands commands) {
        String paidBy = order.paidBy();
        Set<String> others = new LinkedHashSet<>(moneyIn.keySet());
        others.addAll(needsRefund(f));
        others.remove(paidBy);
        if (!others.isEmpty()) {
            String list = String.join(", ", others);
            List<String> actions = new ArrayList<>();
            others.forEach(c -> actions.add("refund " + c + " by hand in KBank's merchant portal, after the three checks of"
                    + " docs/operations.md, \"Double payments: which ones need a refund\""));
            if (!f.kbankAsked()) {
                actions.add(commands.askKBank() + " shows whether KBank still holds the money of " + list);
            }
            return new Verdict(Kind.PAID_TWICE, "paid twice: " + list + (others.size() == 1 ? " needs a refund" : " need refunds")
                    + (paidBy == null ? " (the order's payment header names no charge)" : " (the order is paid by " + paidBy + ")"),
                    others.iterator().next(), actions);
        }
        if (order.paidChargeId() == null) {
            return new Verdict(Kind.PAID_ONCE, Verdict.Severity.DONE, paidBy == null ? "paid once (by its payment header alone, which names no charge)"
                    : "paid once by " + paidBy + " (by its payment header alone)", paidBy,
                    List.of("the order was marked paid by its payment header alone (the Python stack, or a person): no"
                            + " record of this suite shows the payment; KBank's merchant portal does"));
        }
        List<String> actions = new ArrayList<>();
        boolean successRow = f.processPaidOrder().stream()
                .anyMatch(r -> !r.isError() && processedAs(r) == ProcessedAs.PAID && isCharge(r.chargeId(), paidBy));
        if (!successRow) {
            actions.add("no success row in the process-paid-order table: the run that marked the order paid stopped"
                    + " there; Lambda's retry or reconciliation finishes it: " + commands.reconcile());
        }
        for (String step : OrderRepository.STEPS) {
            StepState state = order.step(step);
            if (state.isInProgress()) {
                actions.add(StoryEvents.stepName(step) + " claimed and not done: a retry or reconciliation takes it over"
                        + " once its lease ends");
            }
        }
        if (successRow && order.finishedAt() == null) {
            actions.add("not every after-paid step is done: reconciliation invokes the processing again, which"
                    + " finishes what is left: " + commands.reconcile());
        }
        return new Verdict(Kind.PAID_ONCE, "paid once by " + paidBy, paidBy, actions);
    }

    private static Verdict customerPaid(Facts f, Map<String, String> moneyIn, Commands commands) {
        String charge = moneyIn.keySet().iterator().next();
        List<CallbackError> open = new ArrayList<>(openFailures(f).stream().filter(e -> charge.equals(ReceivedId.textOf(e.chargeId()))).toList());
        if (open.isEmpty()) {
            open.addAll(openFailures(f));
        }
        // Reconciliation reads the payment records and KBank orders it has to settle: a charge none holds is not its.
        boolean reconcilable = f.qrRecords().stream().anyMatch(r -> r.chargeId().value().equals(charge))
                || f.cardRecords().stream().anyMatch(r -> r.chargeId() != null && r.chargeId().value().equals(charge))
                || f.kbankOrderRecords().stream().anyMatch(KBankOrder::pending);
        List<String> actions = new ArrayList<>();
        open.forEach(e -> actions.add("replay errorId " + e.errorId() + ": " + commands.replay(e.errorId())));
        if (reconcilable) {
            actions.add("reconcile (it runs every 10 minutes and hands on a paid charge whose hand-on is free or whose"
                    + " lease ran out): " + commands.reconcile());
        }
        f.processPaidOrder().stream()
                .filter(r -> r.isError() && isCharge(r.chargeId(), charge) && processedAs(r) != ProcessedAs.NOT_PAID
                        && processedAs(r) != ProcessedAs.ALREADY_PAID)
                .reduce((first, second) -> second)
                .ifPresent(r -> actions.add("the processing of " + charge + " failed (" + r.error() + "): after Lambda's"
                        + " three attempts its event is on the failure destination; replay it from there (docs/operations.md,"
                        + " \"async-failures\")"));
        f.qrRecords().stream()
                .filter(r -> r.chargeId().value().equals(charge) && r.outcome() == SettledAs.REFUSED)
                .findFirst()
                .ifPresent(r -> actions.add("reconciliation refused it for good (REFUSED): a person decides between a"
                        + " refund and marking the order paid with the shop (docs/operations.md, \"reconcile-unsettled\")"));
        if (f.order() == null) {
            actions.add("the order is not in the order table: a person decides");
        }
        String how;
        if (!open.isEmpty()) {
            how = "replay errorId " + open.get(0).errorId() + (reconcilable ? " or reconcile" : "");
        } else if (reconcilable) {
            how = "reconcile";
        } else {
            how = "no record of the suite holds " + charge + ": replay its request from the function's log (docs/operations.md,"
                    + " \"function-errors\"), or a person settles it";
        }
        return new Verdict(Kind.CUSTOMER_PAID_ORDER_UNPAID, "the customer paid (" + moneyIn.get(charge)
                + "), the order is unpaid: " + how, charge, actions);
    }

    private static Optional<Verdict> pending(Facts f, ZoneId zone) {
        for (CardPaymentRecord r : f.cardRecords()) {
            if (r.isAddCard() || !r.pending() || r.paid()) {
                continue;
            }
            String charge = Facts.chargeOf(r);
            ChargeView view = charge == null ? null : f.kbankCharges().get(charge);
            if ((view != null && view.charge() != null && !view.unsettled()) || failedForGood(f, charge)) {
                continue;
            }
            if (r.chargeId() == null) {
                return Optional.of(new Verdict(Kind.PENDING, "pending since " + Times.both(r.createdAt(), zone)
                        + ": no KBank charge is recorded for card token " + r.tokenId(), null,
                        List.of("card-token did not learn KBank's charge (its call failed); reconciliation settles the payment")));
            }
            return Optional.of(new Verdict(Kind.PENDING_3DS, "pending 3-D Secure since " + Times.both(r.createdAt(), zone)
                    + kbankSays(view), charge, List.of("nothing to do yet: the customer's 3-D Secure, KBank's callback"
                    + " or notify, or reconciliation settles it; left unfinished, reconciliation settles it as EXPIRED after a day"
                    + " (RECONCILE_ABANDON_AFTER_HOURS), reporting nobody")));
        }
        for (QrPaymentRecord r : f.qrRecords()) {
            String charge = r.chargeId().value();
            ChargeView view = f.kbankCharges().get(charge);
            if (!r.pending() || r.paid() || (view != null && view.charge() != null && !view.unsettled())) {
                continue;
            }
            return Optional.of(new Verdict(Kind.PENDING, "pending since " + Times.both(r.createdAt(), zone)
                    + ": KBank has not settled QR charge " + charge + " yet" + kbankSays(view), charge,
                    List.of("nothing to do yet: a callback, KBank's notification or reconciliation settles it")));
        }
        for (KBankOrder o : f.kbankOrderRecords()) {
            if (!o.pending()) {
                continue;
            }
            OrderView view = f.kbankOrders().get(o.kbankOrderId());
            String named = view == null || view.chargeId() == null ? "" : " (KBank's order names " + view.chargeId() + ")";
            return Optional.of(new Verdict(Kind.PENDING, "pending since " + Times.both(o.createdAt(), zone)
                    + ": KBank QR order " + o.kbankOrderId() + " awaits payment" + named, view == null ? null : view.chargeId(),
                    List.of("nothing to do yet: KBank's notification or reconciliation settles it; unpaid after two hours it"
                            + " is settled as EXPIRED")));
        }
        return Optional.empty();
    }

    /**
     * A charge handed on to the processing function that KBank then said will never be paid (for a charge it
     * had authorized: voided, reversed or refunded), settled {@code FAILED} by reconciliation: no money kept.
     */
    private static Optional<Verdict> failedAfterHandOn(Facts f) {
        List<String> charges = new ArrayList<>();
        f.qrRecords().stream().filter(r -> r.handOn().isDone() && r.outcome() == SettledAs.FAILED)
                .forEach(r -> charges.add(r.chargeId().value()));
        f.cardRecords().stream().filter(r -> !r.isAddCard() && r.chargeId() != null && r.handOn().isDone()
                && r.outcome() == SettledAs.FAILED).forEach(r -> charges.add(r.chargeId().value()));
        if (charges.isEmpty()) {
            return Optional.empty();
        }
        String charge = charges.get(0);
        boolean told = f.processPaidOrder().stream().anyMatch(r -> isCharge(r.chargeId(), charge) && processedAs(r) == ProcessedAs.NOT_PAID);
        ChargeView view = f.kbankCharges().get(charge);
        TransactionState state = view == null || view.charge() == null ? null : view.charge().transactionState();
        String what = state == TransactionState.VOIDED || state == TransactionState.REVERSED
                || state == TransactionState.REFUND_SENT
                ? "KBank undid " + charge + " after authorizing it (KBank: " + state.wire() + ")"
                : charge + " was handed on, then KBank said it will never be paid (NOT_PAID)";
        return Optional.of(new Verdict(Kind.REFUSED, "no payment: " + what + "; settled FAILED"
                + (told ? ", the customer was told the payment failed" : ""), charge, List.of()));
    }

    private static String kbankSays(ChargeView view) {
        return view == null || view.charge() == null ? "" : " (KBank: " + view.charge().transactionState().wire() + ")";
    }

    /** Whether a recorded answer already says the charge will never be paid. */
    /** Whether a stored charge id is the charge {@code text} names; false for a null id. */
    private static boolean isCharge(ChargeId id, String text) {
        return id != null && id.value().equals(text);
    }

    private static boolean failedForGood(Facts f, String chargeId) {
        return chargeId != null && (f.processPaidOrder().stream()
                .anyMatch(r -> isCharge(r.chargeId(), chargeId) && processedAs(r) == ProcessedAs.NOT_PAID)
                || f.cardNotifies().stream().anyMatch(n -> isCharge(n.chargeId(), chargeId)
                        && TransactionState.of(n.transactionState()).isFinalUnpaid()));
    }

    /** Open entries of failures on our side (not refusals) whose raw event the replay function can send again, oldest first. */
    static List<CallbackError> openFailures(Facts f) {
        return f.errors().stream()
                .filter(e -> !e.resolved() && !isRefusal(e.errorType()) && isReplayable(e))
                .toList();
    }

    static boolean isReplayable(CallbackError e) {
        return e.functionName() != null && SuiteFunction.replayableByErrorLogName(e.functionName()).isPresent();
    }

    static boolean isRefusal(String errorType) {
        return errorType != null && Arrays.stream(RejectionReason.values()).anyMatch(r -> r.name().equals(errorType));
    }

    /** Every reason a report of this order or charge was refused, or a payment of it came to nothing. */
    private static Set<String> refusals(Facts f) {
        Set<String> reasons = new LinkedHashSet<>();
        f.errors().stream().filter(e -> isRefusal(e.errorType())).forEach(e -> reasons.add(e.errorType()));
        f.qrCallbacks().stream().map(c -> c.outcome()).forEach(o -> refusal(o, reasons));
        f.qrNotifies().stream().map(n -> n.outcome()).forEach(o -> refusal(o, reasons));
        f.processPaidOrder().stream().filter(r -> processedAs(r) == ProcessedAs.NOT_PAID)
                .forEach(r -> reasons.add(RejectionReason.NOT_PAID.name()));
        f.cardNotifies().stream().filter(n -> !n.paid() && TransactionState.of(n.transactionState()).isFinalUnpaid())
                .forEach(n -> reasons.add(RejectionReason.NOT_PAID.name()));
        f.cardRecords().stream().map(CardPaymentRecord::outcome).filter(Verdicts::isRefusedOutcome).map(SettledAs::name).forEach(reasons::add);
        f.qrRecords().stream().map(QrPaymentRecord::outcome).filter(Verdicts::isRefusedOutcome).map(SettledAs::name).forEach(reasons::add);
        f.kbankOrderRecords().stream().map(KBankOrder::outcome).filter(Verdicts::isRefusedOutcome).map(SettledAs::name).forEach(reasons::add);
        return reasons;
    }

    /** A report's refusal as a reason: its code, or NOT_PAID for KBank's notification of a payment that failed. */
    private static void refusal(ReportOutcome outcome, Set<String> reasons) {
        if (outcome == null) {
            return;
        }
        if (outcome.kind() == ReportOutcome.Kind.REFUSED) {
            reasons.add(outcome.code());
        } else if (outcome.kind() == ReportOutcome.Kind.NOT_PAID_NOTIFIED) {
            reasons.add(RejectionReason.NOT_PAID.name());
        }
    }

    private static ProcessedAs processedAs(ProcessPaidOrderLog row) {
        return row.outcome();
    }

    private static boolean isRefusedOutcome(SettledAs outcome) {
        return outcome != null && outcome.isUnpaid();
    }

    private static Verdict cardVerification(CardPaymentRecord r, Facts f, ZoneId zone) {
        String what = "no order: a card verification (ADDCARD) of " + (r.amount() == null ? "?" : r.amount().toPlainString())
                + " THB";
        String charge = Facts.chargeOf(r);
        ChargeView view = charge == null ? null : f.kbankCharges().get(charge);
        String how;
        if (r.handOn().isDone()) {
            how = "the card was kept and the charge voided";
        } else if (r.outcome() == SettledAs.FAILED || (view != null && view.failed() && !r.handOn().isInProgress())) {
            how = "declined, so no card was kept";
        } else if (r.handOn().isInProgress()) {
            how = "keeping the card was claimed and is not done: a retry or reconciliation finishes it";
        } else {
            how = "pending 3-D Secure since " + Times.both(r.createdAt(), zone) + kbankSays(view);
        }
        return new Verdict(Kind.CARD_VERIFICATION, what + ": " + how, charge, List.of());
    }
}
