package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.ChargeStatus;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.KBankOrder;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confirms a charge with KBank's inquiry (QR or card, which share the charge object): KBank's answer
 * must bind it (this charge's id, this order's reference, THB, the order's total to the satang, each of
 * KBank's JSON type) and say paid. No tolerance: a difference of one satang is a refusal a person sees.
 * Every path that decides a payment uses this one class, so all apply exactly the same rules.
 */
public final class ChargeVerifier {

    /** Which inquiry answers for a charge. */
    public enum Kind {
        QR("qr"), CARD("card");

        private final String paymentMethod;

        Kind(String paymentMethod) {
            this.paymentMethod = paymentMethod;
        }

        /** The payment method written in the order's payment header. */
        public String paymentMethod() {
            return paymentMethod;
        }
    }

    /** KBank's description of a charge made for an order: exactly "Order " and the order id, as the suite sends it. */
    private static final Pattern DESCRIPTION = Pattern.compile("Order ([0-9A-Za-z_-]+)");
    /** Any description that speaks of an order, in any case or form. */
    private static final Pattern MENTIONS_ORDER = Pattern.compile("(?i).*\\border\\b.*", Pattern.DOTALL);

    /**
     * The {@code reference_order}s the suite (or the Python stack, on the shared KBank order table) sent KBank
     * when it created a KBank QR order: the KBank order table, keyed by reference.
     */
    @FunctionalInterface
    public interface StoredReferences {
        /** The shop order a KBank order of this reference was recorded for; empty when none was. */
        Optional<OrderId> orderOf(String referenceOrder);
    }

    private final Supplier<KBankClient> kbank;
    private final Kind kind;
    private final StoredReferences references;

    private ChargeVerifier(Kind kind, Supplier<KBankClient> kbank, StoredReferences references) {
        this.kind = kind;
        this.kbank = kbank;
        this.references = references;
    }

    /**
     * The rules of a QR charge: its {@code reference_order} must be a KBank order recorded for the order.
     *
     * @param kbank gives the KBank client; called on each inquiry, so it may be made lazily
     */
    public static ChargeVerifier qr(Supplier<KBankClient> kbank, StoredReferences references) {
        return new ChargeVerifier(Kind.QR, kbank, references);
    }

    /**
     * The rules of a card charge: its {@code reference_order} must be exactly what card-token sent KBank, the
     * card payment record's order id.
     *
     * @param kbank gives the KBank client; called on each inquiry, so it may be made lazily
     */
    public static ChargeVerifier card(Supplier<KBankClient> kbank) {
        return new ChargeVerifier(Kind.CARD, kbank, reference -> Optional.empty());
    }

    /** The rules of a charge of this kind, a QR charge's references read from the KBank order table. */
    public static ChargeVerifier of(Kind kind, Supplier<KBankClient> kbank, StoredReferences references) {
        return kind == Kind.QR ? qr(kbank, references) : card(kbank);
    }

    /**
     * Asks KBank and confirms the charge pays the order.
     *
     * @param claimedAmount the amount a callback said was paid, checked too when present
     * @throws PaymentRejectedException when KBank's answer refuses this payment for good
     * @throws PaymentPendingException  when KBank has not settled the charge yet
     * @throws KBankException           when KBank could not give an answer (worth retrying)
     * @throws KBankKeyRefused          when KBank does not take our key (a setting of ours; nothing is settled)
     */
    public VerifiedPayment verify(ChargeId chargeId, OrderId orderId, Money orderTotal, Optional<Money> claimedAmount) {
        return confirm(fetch(chargeId), chargeId, orderId, orderTotal, claimedAmount);
    }

    /**
     * KBank's inquiry for a charge, whatever its state, read strictly ({@link KBankCharge#parse}).
     *
     * @throws PaymentRejectedException UNKNOWN_CHARGE when KBank does not know it (404, or another 4xx but 429);
     *                                  KBANK_ANSWER_MALFORMED when its answer is not a charge as KBank sends one
     * @throws KBankException           when KBank could not give an answer (worth retrying)
     * @throws KBankKeyRefused          on KBank's 401 or 403: our key is wrong, which is never the customer's refusal
     */
    public KBankCharge fetch(ChargeId chargeId) {
        try {
            return kind == Kind.QR ? kbank.get().qrCharge(chargeId) : kbank.get().cardCharge(chargeId);
        } catch (KBankException.ErrorAnswer e) {
            if (e.isNotFound() || (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429)) {
                throw new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE, "KBank has no " + kind.paymentMethod()
                        + " charge " + chargeId + " (" + e.httpStatus() + (e.code() == null ? "" : " " + e.code()) + ")",
                        e.body());
            }
            throw e;
        }
    }

    /**
     * Applies the rules to KBank's answer: the charge must pay this order, and be paid.
     *
     * @throws PaymentRejectedException when the charge is not this order's, not its amount, or failed for good
     * @throws PaymentPendingException  when it is this order's but KBank has not settled it yet
     */
    public VerifiedPayment confirm(KBankCharge charge, ChargeId chargeId, OrderId orderId, Money orderTotal,
            Optional<Money> claimedAmount) {
        return confirm(charge, chargeId, orderId, orderTotal, claimedAmount, Optional.empty());
    }

    /**
     * As {@link #confirm(KBankCharge, ChargeId, OrderId, Money, Optional)}, a QR charge's {@code reference_order}
     * taken as recorded when it is {@code known}'s (a KBank order the caller read already), else looked up.
     */
    public VerifiedPayment confirm(KBankCharge charge, ChargeId chargeId, OrderId orderId, Money orderTotal,
            Optional<Money> claimedAmount, Optional<KBankOrder> known) {
        Money paid = checkBelongs(charge, chargeId, orderId, orderTotal, claimedAmount, known);
        switch (charge.settlement()) {
            case PAID -> {
                return new VerifiedPayment(chargeId, orderId, paid, kind.paymentMethod);
            }
            case FAILED -> throw refusal(charge, RejectionReason.NOT_PAID, "KBank says charge " + chargeId
                    + " is not paid (" + describe(charge) + ")");
            default -> throw new PaymentPendingException("KBank has not settled charge " + chargeId + " yet ("
                    + describe(charge) + ")");
        }
    }

    /**
     * Checks, whatever the charge's state, that KBank's answer binds it: this charge's id, baht ({@code THB}, exactly),
     * this order by its {@code reference_order} (and by {@code order_id} and {@code description} when they name
     * one), a status, and an amount equal to the order's total to the satang (and to the amount claimed, when one
     * was). What is missing, or contradicts itself (a paid state with a status other than {@code success} or
     * with a failure code), is a refusal too (KBANK_ANSWER_MALFORMED); every refusal carries KBank's answer.
     *
     * @return KBank's amount for the charge
     * @throws PaymentRejectedException when it does not bind
     */
    public Money checkBelongs(KBankCharge charge, ChargeId chargeId, OrderId orderId, Money orderTotal,
            Optional<Money> claimedAmount) {
        return checkBelongs(charge, chargeId, orderId, orderTotal, claimedAmount, Optional.empty());
    }

    /**
     * As {@link #checkBelongs(KBankCharge, ChargeId, OrderId, Money, Optional)}, a QR charge's
     * {@code reference_order} taken as recorded when it is {@code known}'s (a KBank order the caller read
     * already: no second read), else looked up in the KBank order table.
     */
    public Money checkBelongs(KBankCharge charge, ChargeId chargeId, OrderId orderId, Money orderTotal,
            Optional<Money> claimedAmount, Optional<KBankOrder> known) {
        if (charge.id() == null) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " names no charge id");
        }
        if (!charge.id().equals(chargeId.value())) {
            throw refusal(charge, RejectionReason.OTHER_ORDER, "KBank answered for another charge than " + chargeId);
        }
        if (charge.currency() == null) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " gives no currency");
        }
        if (!"THB".equals(charge.currency())) {
            throw refusal(charge, RejectionReason.WRONG_CURRENCY, "charge " + chargeId + " is not in THB");
        }
        checkNamesOrder(charge, chargeId, orderId, known);
        if (charge.status() == ChargeStatus.NONE) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " gives no status");
        }
        if (charge.contradictsItself()) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " says paid and not paid at once (" + describe(charge) + ")");
        }
        Money amount = charge.paidAmount().orElseThrow(() -> refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED,
                "KBank gives no amount for charge " + chargeId));
        if (amount.compareTo(orderTotal) != 0) {
            throw refusal(charge, RejectionReason.AMOUNT_MISMATCH, "the amount KBank gives, "
                    + amount.toPlainString() + ", is not the order total " + orderTotal.toPlainString());
        }
        if (claimedAmount.isPresent() && amount.compareTo(claimedAmount.get()) != 0) {
            throw refusal(charge, RejectionReason.AMOUNT_MISMATCH, "the amount KBank gives, "
                    + amount.toPlainString() + ", is not the callback amount " + claimedAmount.get().toPlainString());
        }
        return amount;
    }

    private static PaymentRejectedException refusal(KBankCharge charge, RejectionReason reason, String message) {
        return new PaymentRejectedException(reason, message, charge.answer());
    }

    private static String describe(KBankCharge charge) {
        return "status " + charge.status() + ", state " + charge.transactionState().wire()
                + (charge.failureCode() == null || charge.failureCode().isBlank() ? "" : ", failure " + charge.failureCode());
    }

    /**
     * KBank's charge must name this order by its {@code reference_order} (a string, not blank) as this suite sent it
     * ({@link #sentFor}); an {@code order_id} that is not KBank's own order object, and a description that speaks
     * of an order, must name this one too.
     */
    private void checkNamesOrder(KBankCharge charge, ChargeId chargeId, OrderId orderId, Optional<KBankOrder> known) {
        String ref = charge.referenceOrder();
        if (ref == null || ref.isBlank()) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " names no order (reference_order)");
        }
        if (!sentFor(ref, orderId, known)) {
            throw refusal(charge, RejectionReason.OTHER_ORDER, kind == Kind.QR
                    ? "charge " + chargeId + " names reference_order " + ref + ", which is no KBank order recorded"
                            + " for order " + orderId + " (the KBank order table has " + recordedAs(ref, known) + ")"
                    : "charge " + chargeId + " names reference_order " + ref + ", not order " + orderId
                            + " as the card payment was sent to KBank");
        }
        String kbankOrder = charge.orderId();
        // order_id is KBank's own order object ("order_…") unless it holds a shop order id.
        if (kbankOrder != null && !kbankOrder.isBlank() && !kbankOrder.startsWith("order_")
                && !kbankOrder.equals(orderId.value())) {
            throw refusal(charge, RejectionReason.OTHER_ORDER,
                    "charge " + chargeId + " belongs to another order (order_id)");
        }
        String description = charge.description();
        if (description != null && MENTIONS_ORDER.matcher(description).matches()
                && !description.equals("Order " + orderId.value())) {
            Matcher m = DESCRIPTION.matcher(description);
            throw refusal(charge, m.matches() ? RejectionReason.OTHER_ORDER : RejectionReason.KBANK_ANSWER_MALFORMED,
                    "charge " + chargeId + (m.matches() ? " belongs to another order (description)"
                            : " has a description that names an order otherwise than \"Order " + orderId + "\""));
        }
    }

    /**
     * Whether the suite sent KBank this {@code reference_order} for the order, whatever its form: for a card charge,
     * exactly the order id card-token sent ({@code ADDCARD} for a card verification); for a QR charge, the
     * reference of a KBank order recorded for this order (by kbank-create-order, or by the Python stack on the
     * shared table), never a string that merely looks like one.
     */
    private boolean sentFor(String reference, OrderId orderId, Optional<KBankOrder> known) {
        if (kind == Kind.CARD) {
            return reference.equals(orderId.value());
        }
        return storedOrderOf(reference, known).map(orderId::equals).orElse(false);
    }

    private Optional<OrderId> storedOrderOf(String reference, Optional<KBankOrder> known) {
        Optional<KBankOrder> read = known.filter(k -> reference.equals(k.referenceOrder()));
        return read.isPresent() ? read.map(KBankOrder::orderId) : references.orderOf(reference);
    }

    private String recordedAs(String reference, Optional<KBankOrder> known) {
        return storedOrderOf(reference, known).map(o -> "it for order " + o).orElse("no such reference");
    }
}
