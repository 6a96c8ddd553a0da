package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.ChargeStatus;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.money.Money;
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

    private final Supplier<KBankClient> kbank;
    private final Kind kind;

    /** @param kbank gives the KBank client; called on each inquiry, so it may be made lazily */
    public ChargeVerifier(Kind kind, Supplier<KBankClient> kbank) {
        this.kind = kind;
        this.kbank = kbank;
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
        Money paid = checkBelongs(charge, chargeId, orderId, orderTotal, claimedAmount);
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
        checkNamesOrder(charge, chargeId, orderId);
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
     * KBank's charge must name this order by its {@code reference_order} (a string, not blank); an {@code order_id}
     * that is not KBank's own order object, and a description that speaks of an order, must name this one too.
     */
    private static void checkNamesOrder(KBankCharge charge, ChargeId chargeId, OrderId orderId) {
        String ref = charge.referenceOrder();
        if (ref == null || ref.isBlank()) {
            throw refusal(charge, RejectionReason.KBANK_ANSWER_MALFORMED, "KBank's answer for charge " + chargeId
                    + " names no order (reference_order)");
        }
        if (!referencesOrder(ref, orderId.value())) {
            throw refusal(charge, RejectionReason.OTHER_ORDER,
                    "charge " + chargeId + " belongs to another order (reference_order)");
        }
        String kbankOrder = charge.orderId();
        // order_id is KBank's own order object ("order_…") unless it holds a shop order id.
        if (kbankOrder != null && !kbankOrder.isBlank() && !kbankOrder.startsWith("order_")
                && !referencesOrder(kbankOrder, orderId.value())) {
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
     * Whether a reference names the order: the order id itself, or the order id followed by epoch
     * seconds as kbank-create-order builds {@code reference_order} ("492500004632" + "1748613417.737979").
     */
    static boolean referencesOrder(String reference, String orderId) {
        if (reference.equals(orderId)) {
            return true;
        }
        if (!reference.startsWith(orderId)) {
            return false;
        }
        return reference.substring(orderId.length()).matches("\\d{10}(\\.\\d{1,9})?");
    }
}
