package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.ops.Verdict.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What needs a person, oldest first: every payment whose story's verdict needs a person (a refund, a
 * customer who paid for an unpaid order, a report that failed on our side), every one still waiting
 * after {@code stuckAfter}, and every open error log entry of a defect of ours. Each item is a story
 * told by {@link OrderStories} and judged by {@link Verdicts}, the one home of verdicts: the worklist
 * only finds the candidates and keeps those whose verdict is not done.
 *
 * <p>Candidates are found where the suite keeps what is unsettled: the open entries of the error log (a
 * scan, as the replay tool's), and the pending index of the QR, card and KBank order tables (a query
 * each). A payment settled and never reported (nothing open, nothing pending) is in no list: the story
 * of its order is where to look.
 */
public final class Worklist {

    /** At most this many stories are told per worklist (each reads several tables). */
    public static final int DEFAULT_MAX_ITEMS = 200;

    /**
     * One thing to settle.
     *
     * @param since    the oldest moment of what made it a candidate (a pending record, an error log entry)
     * @param subject  the order id, or the charge id when no order is known
     * @param verdict  its story's verdict; for an open defect with no order, one made of the entry
     * @param settle   the one command, click or step that settles it (the verdict's first action)
     * @param story    the command or page address that tells its whole story
     * @param defects  the open error log entries of defects of ours among its candidates (error ids)
     */
    public record Item(Instant since, String subject, Verdict verdict, String settle, String story, List<String> defects) {

        public Item {
            defects = List.copyOf(defects);
        }
    }

    /** The list, and what it may lack. */
    public record Result(List<Item> items, List<String> notes, Instant toldAt, Duration stuckAfter) {

        public Result {
            items = List.copyOf(items);
            notes = List.copyOf(notes);
        }
    }

    /** The refusals whose charge may have taken the customer's money: their stories are told. */
    private static final Set<String> MAY_HOLD_MONEY = Set.of(RejectionReason.ORDER_ALREADY_PAID.name(),
            RejectionReason.AMOUNT_MISMATCH.name(), RejectionReason.WRONG_CURRENCY.name(),
            RejectionReason.ORDER_WITHOUT_TOTAL.name());

    private final OrderStories.Tables tables;
    private final OrderStories stories;
    private final Commands commands;
    private final Duration stuckAfter;
    private final int maxItems;
    private final Clock clock;

    public Worklist(OrderStories.Tables tables, OrderStories stories, Commands commands, Duration stuckAfter, int maxItems,
            Clock clock) {
        this.tables = tables;
        this.stories = stories;
        this.commands = commands;
        this.stuckAfter = stuckAfter;
        this.maxItems = maxItems;
        this.clock = clock;
    }

    /** Reads the candidates, tells each one's story, keeps what needs a person, oldest first. */
    public Result build() {
        Instant now = clock.instant();
        List<String> notes = new ArrayList<>();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (CallbackError e : tables.errorLog().unresolved()) {
            if (Verdicts.isRefusal(e.errorType()) && !MAY_HOLD_MONEY.contains(e.errorType())) {
                // A forged, tampered or declined report: no money moved, and anyone can send thousands.
                continue;
            }
            String subject = subject(ReceivedId.textOf(e.orderId()), ReceivedId.textOf(e.chargeId()));
            if (subject == null) {
                if (FailureKind.isDefect(e.errorType())) {
                    candidates.put("error:" + e.errorId(), new Candidate(null, e.createdAt()).defect(e));
                }
                continue;
            }
            candidates.computeIfAbsent(subject, s -> new Candidate(s, e.createdAt())).seen(e.createdAt()).defect(e);
        }
        pending(candidates, notes, now);

        List<Item> items = new ArrayList<>();
        int told = 0;
        for (Candidate c : candidates.values().stream().sorted(Comparator.comparing(c -> c.since)).toList()) {
            if (c.subject == null) {
                items.add(defectItem(c.entry));
                continue;
            }
            if (told++ == maxItems) {
                notes.add("only the oldest " + maxItems + " candidates were told (--max " + maxItems + ")");
                break;
            }
            Story story;
            try {
                story = stories.of(c.subject);
            } catch (IllegalArgumentException | StoredDataException e) {
                notes.add(c.subject + " could not be told: " + e.getMessage());
                continue;
            }
            Verdict verdict = story.verdict();
            boolean stuck = verdict.severity() == Severity.WAITING && c.since.isBefore(now.minus(stuckAfter));
            if (verdict.severity() == Severity.ACTION || stuck || !c.defects.isEmpty()) {
                String subject = story.orderId() != null ? story.orderId() : story.subject();
                items.add(new Item(c.since, subject, verdict, settle(verdict, c), commands.story(subject), c.defects));
            }
        }
        items.sort(Comparator.comparing(Item::since));
        return new Result(items, notes, now, stuckAfter);
    }

    private void pending(Map<String, Candidate> candidates, List<String> notes, Instant now) {
        try {
            for (QrPaymentRecord r : tables.qrRecords().pendingBefore(now)) {
                add(candidates, subject(r.orderId().value(), r.chargeId().value()), r.createdAt());
            }
            for (CardPaymentRecord r : tables.cardRecords().pendingBefore(now)) {
                add(candidates, subject(r.isAddCard() ? null : r.orderId().value(), Facts.chargeOf(r)), r.createdAt());
            }
            for (KBankOrder o : tables.kbankOrders().pendingBefore(now)) {
                add(candidates, subject(o.orderId().value(), null), o.createdAt());
            }
        } catch (StoredDataException e) {
            notes.add("a pending record cannot be read: " + e.getMessage());
        }
    }

    private static void add(Map<String, Candidate> candidates, String subject, Instant at) {
        if (subject != null) {
            candidates.computeIfAbsent(subject, s -> new Candidate(s, at)).seen(at);
        }
    }

    /** The order when one is named, else the charge; null when neither. */
    private static String subject(String orderId, String chargeId) {
        if (orderId != null && !orderId.isBlank() && !OrderId.ADDCARD.value().equals(orderId)
                && !QrCallbackRecord.isNoOrder(orderId)) {
            return orderId;
        }
        return chargeId != null && chargeId.startsWith("chrg_") ? chargeId : null;
    }

    private String settle(Verdict verdict, Candidate c) {
        if (verdict.severity() == Severity.WAITING) {
            // The story's "nothing to do yet" no longer holds once it has waited this long.
            return "waiting longer than " + stuckAfter.toMinutes() + " minutes: run reconciliation now, which asks KBank and"
                    + " settles it if KBank has finished it (one KBank never finished, an abandoned 3-D Secure page or QR,"
                    + " is settled EXPIRED after a day, reporting nobody): " + commands.reconcile();
        }
        if (!verdict.actions().isEmpty() && verdict.severity() == Severity.ACTION) {
            return verdict.actions().get(0);
        }
        if (!c.defects.isEmpty()) {
            return "a defect of ours was logged (" + c.defectTypes() + "): read the entry and the function's log, fix the"
                    + " cause, then replay errorId " + c.defects.get(0) + ": " + commands.replay(c.defects.get(0));
        }
        return "waiting longer than " + stuckAfter.toMinutes() + " minutes: " + commands.reconcile();
    }

    private Item defectItem(CallbackError e) {
        String text = "open defect of ours (" + e.errorType() + ") in " + e.functionName() + ": " + e.error();
        String action = Verdicts.isReplayable(e)
                ? "fix the cause, then replay errorId " + e.errorId() + ": " + commands.replay(e.errorId())
                : "fix the cause (the function's log has the request); the entry names no order or charge";
        Verdict verdict = new Verdict(Verdict.Kind.REPORT_FAILED, Severity.ACTION, text, null, List.of(action));
        return new Item(e.createdAt(), "errorId " + e.errorId(), verdict, action, commands.replay(e.errorId()),
                List.of(e.errorId()));
    }

    /** An order or a charge that may need a person, and why it was picked. */
    private static final class Candidate {
        final String subject;
        Instant since;
        CallbackError entry;
        final List<String> defects = new ArrayList<>();
        final List<String> defectTypes = new ArrayList<>();

        Candidate(String subject, Instant since) {
            this.subject = subject;
            this.since = since == null ? Instant.EPOCH : since;
        }

        Candidate seen(Instant at) {
            if (at != null && at.isBefore(since)) {
                since = at;
            }
            return this;
        }

        Candidate defect(CallbackError e) {
            entry = e;
            if (FailureKind.isDefect(e.errorType())) {
                defects.add(e.errorId());
                if (!defectTypes.contains(e.errorType())) {
                    defectTypes.add(Objects.toString(e.errorType()));
                }
            }
            return this;
        }

        String defectTypes() {
            return String.join(", ", defectTypes);
        }
    }
}
