package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * KBank's answer to a paid charge's inquiry, altered as a misbehaving KBank (or anyone between it and us) could
 * alter it, each with the refusal the suite must give it: the cases of issue 18's finding 2 and more. Each applies
 * to a paid charge of {@link #ORDER_TOTAL} THB whose {@code reference_order} and {@code description} name the order
 * ({@link #paidCharge}); {@link KBankStub#alter} serves it altered.
 */
public final class KBankAlterations {

    /** The order's total every alteration is tried against, THB. */
    public static final String ORDER_TOTAL = "100.00";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /**
     * One alteration.
     *
     * @param name    what it does, for the test's name
     * @param refusal the {@code RejectionReason} the suite refuses it with
     * @param change  alters the answer; gets it and the order's id
     */
    public record Alteration(String name, String refusal, BiConsumer<ObjectNode, String> change) {

        /** The answer altered (in place), for the order {@code orderId}. */
        public ObjectNode applyTo(ObjectNode answer, String orderId) {
            change.accept(answer, orderId);
            return answer;
        }

        @Override
        public String toString() {
            return name + " -> " + refusal;
        }
    }

    private KBankAlterations() {
    }

    /**
     * Registers, for a QR ({@code qr}) or card charge, the paid charge every alteration starts from: a QR charge of a
     * KBank QR order recorded for the order ({@link LocalSuite#paidQrCharge}), a card charge whose
     * {@code reference_order} is the order id, as card-token sends it.
     */
    public static ObjectNode paidCharge(LocalSuite suite, boolean qr, String chargeId, String orderId) {
        ObjectNode charge = qr ? suite.paidQrCharge(chargeId, ORDER_TOTAL, orderId)
                : suite.kbank().cardCharge(chargeId, ORDER_TOTAL, "success", "Authorized", orderId);
        charge.put("description", "Order " + orderId);
        return charge;
    }

    /** Another order id than {@code orderId}, of the same shape. */
    public static String otherOrder(String orderId) {
        char last = orderId.charAt(orderId.length() - 1);
        return orderId.substring(0, orderId.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    /** Every alteration, each a refusal. */
    public static List<Alteration> all() {
        return List.of(
                new Alteration("98.00 paid on a 100.00 order", "AMOUNT_MISMATCH",
                        (a, o) -> a.put("amount", new BigDecimal("98.00"))),
                new Alteration("99.99 paid on a 100.00 order (one satang short)", "AMOUNT_MISMATCH",
                        (a, o) -> a.put("amount", new BigDecimal("99.99"))),
                new Alteration("100.01 paid on a 100.00 order", "AMOUNT_MISMATCH",
                        (a, o) -> a.put("amount", new BigDecimal("100.01"))),
                new Alteration("amount with a fraction of a satang", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("amount", new BigDecimal("100.004"))),
                new Alteration("amount as the string \"98.00\"", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("amount", "98.00")),
                new Alteration("amount as the string \"100.00\"", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("amount", "100.00")),
                new Alteration("no amount", "KBANK_ANSWER_MALFORMED", (a, o) -> a.remove("amount")),
                new Alteration("amount null", "KBANK_ANSWER_MALFORMED", (a, o) -> a.putNull("amount")),
                new Alteration("no reference_order", "KBANK_ANSWER_MALFORMED", (a, o) -> a.remove("reference_order")),
                new Alteration("blank reference_order", "KBANK_ANSWER_MALFORMED", (a, o) -> a.put("reference_order", "")),
                new Alteration("reference_order of spaces", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("reference_order", "   ")),
                new Alteration("reference_order as an array naming another order", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("reference_order", NODES.arrayNode().add(otherOrder(o)))),
                new Alteration("reference_order as an array naming this order and another", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("reference_order", NODES.arrayNode().add(o).add(otherOrder(o)))),
                new Alteration("reference_order as a number", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("reference_order", new BigDecimal(o))),
                new Alteration("reference_order of another order", "OTHER_ORDER",
                        (a, o) -> a.put("reference_order", otherOrder(o))),
                new Alteration("reference_order of this order and epoch seconds, never sent to KBank", "OTHER_ORDER",
                        (a, o) -> a.put("reference_order", o + "1748613417.737979")),
                new Alteration("reference_order of this order and ten digits, never sent to KBank", "OTHER_ORDER",
                        (a, o) -> a.put("reference_order", o + "0000000001")),
                new Alteration("reference_order with spaces around it", "OTHER_ORDER",
                        (a, o) -> a.put("reference_order", " " + o + " ")),
                new Alteration("no id", "KBANK_ANSWER_MALFORMED", (a, o) -> a.remove("id")),
                new Alteration("id of another charge", "OTHER_ORDER",
                        (a, o) -> a.put("id", a.path("id").asText() + "x")),
                new Alteration("id as an array", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("id", NODES.arrayNode().add(a.path("id").asText()))),
                new Alteration("no currency", "KBANK_ANSWER_MALFORMED", (a, o) -> a.remove("currency")),
                new Alteration("currency as an array", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("currency", NODES.arrayNode().add("THB"))),
                new Alteration("currency as an object", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("currency", NODES.objectNode().put("code", "THB"))),
                new Alteration("currency in lower case", "WRONG_CURRENCY", (a, o) -> a.put("currency", "thb")),
                new Alteration("currency USD", "WRONG_CURRENCY", (a, o) -> a.put("currency", "USD")),
                new Alteration("description in lower case", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("description", "order " + o)),
                new Alteration("description with a suffix", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("description", "Order " + o + " refund")),
                new Alteration("description naming another order", "OTHER_ORDER",
                        (a, o) -> a.put("description", "Order " + otherOrder(o))),
                new Alteration("description as an array", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("description", NODES.arrayNode().add("Order " + o))),
                new Alteration("order_id naming another shop order", "OTHER_ORDER",
                        (a, o) -> a.put("order_id", otherOrder(o))),
                new Alteration("status in upper case", "KBANK_ANSWER_MALFORMED", (a, o) -> a.put("status", "SUCCESS")),
                new Alteration("no status", "KBANK_ANSWER_MALFORMED", (a, o) -> a.remove("status")),
                new Alteration("status as a boolean", "KBANK_ANSWER_MALFORMED", (a, o) -> a.put("status", true)),
                new Alteration("status fail with an Authorized state", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("status", "fail")),
                new Alteration("transaction_state in lower case", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("transaction_state", "authorized")),
                new Alteration("transaction_state as an array", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.set("transaction_state", NODES.arrayNode().add("Authorized"))),
                new Alteration("a failure code with an Authorized state", "KBANK_ANSWER_MALFORMED",
                        (a, o) -> a.put("failure_code", "insufficient_fund")),
                new Alteration("metadata as a string", "KBANK_ANSWER_MALFORMED", (a, o) -> a.put("metadata", "tokenId")));
    }
}
