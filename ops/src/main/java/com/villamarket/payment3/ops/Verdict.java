package com.villamarket.payment3.ops;

import java.util.List;

/**
 * What the story comes to, by the suite's own rules (README, "Payment integrity").
 *
 * @param severity whether a person must act, and how the pages show it
 * @param text    the verdict in one line, for example {@code paid once by chrg_…}
 * @param charge  the charge the verdict is about (the paying one, the one to refund, the one pending); null when none
 * @param actions what to do next, each a line (commands included); empty when nothing is left to do
 */
public record Verdict(Kind kind, Severity severity, String text, String charge, List<String> actions) {

    /**
     * How urgent a verdict is: the word and the colour of the pages, and what the worklist lists.
     * A person acts on {@link #ACTION}; {@link #WAITING} settles by itself (retry, notification or
     * reconciliation) unless it stays so; {@link #DONE} and {@link #NO_MONEY} leave nothing to do.
     */
    public enum Severity {
        ACTION("needs a person"),
        WAITING("waiting"),
        DONE("done"),
        NO_MONEY("no money moved");

        private final String word;

        Severity(String word) {
            this.word = word;
        }

        /** The word the pages and the text show beside the verdict, for example {@code needs a person}. */
        public String word() {
            return word;
        }

        /** The CSS class of the pages, for example {@code severity-action}. */
        public String cssClass() {
            return "severity-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The verdicts a story can end with. */
    public enum Kind {
        /** The order is paid with one charge and no other charge of it took money. */
        PAID_ONCE,
        /** The order is paid, and another charge of it took money too: that one needs a refund. */
        PAID_TWICE,
        /** A charge of the order took money, and the order is not marked paid. */
        CUSTOMER_PAID_ORDER_UNPAID,
        /** A card payment waits for the customer's 3-D Secure. */
        PENDING_3DS,
        /** A QR charge or KBank QR order that KBank has not settled yet. */
        PENDING,
        /** A report of a payment failed on the suite's side (KBank or AWS did not answer) and is still open. */
        REPORT_FAILED,
        /** Reports came, every one refused (forged, tampered, declined, unknown): no money moved. */
        REFUSED,
        /** A card verification (ADDCARD) with no order. */
        CARD_VERIFICATION,
        /** The suite knows nothing of a payment. */
        NO_PAYMENT
    }

    public Verdict {
        actions = List.copyOf(actions);
    }

    /** A verdict of the severity its kind has (a paid order with something left to finish is waiting). */
    public Verdict(Kind kind, String text, String charge, List<String> actions) {
        this(kind, severityOf(kind, actions), text, charge, actions);
    }

    private static Severity severityOf(Kind kind, List<String> actions) {
        return switch (kind) {
            case PAID_TWICE, CUSTOMER_PAID_ORDER_UNPAID, REPORT_FAILED -> Severity.ACTION;
            case PENDING, PENDING_3DS -> Severity.WAITING;
            case PAID_ONCE -> actions.isEmpty() ? Severity.DONE : Severity.WAITING;
            case REFUSED, NO_PAYMENT, CARD_VERIFICATION -> Severity.NO_MONEY;
        };
    }
}
