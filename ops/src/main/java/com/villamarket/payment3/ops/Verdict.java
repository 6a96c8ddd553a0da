package com.villamarket.payment3.ops;

import java.util.List;

/**
 * What the story comes to, by the suite's own rules (README, "Payment integrity").
 *
 * @param text    the verdict in one line, for example {@code paid once by chrg_…}
 * @param charge  the charge the verdict is about (the paying one, the one to refund, the one pending); null when none
 * @param actions what to do next, each a line (commands included); empty when nothing is left to do
 */
public record Verdict(Kind kind, String text, String charge, List<String> actions) {

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
}
