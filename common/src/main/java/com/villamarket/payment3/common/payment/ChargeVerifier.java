package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.money.Money;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confirms a charge with KBank's inquiry (QR or card, which share the charge object): it must
 * exist, be paid, be in baht, pay this order and pay the order's total (within the tolerance).
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

    private static final Pattern DESCRIPTION = Pattern.compile("Order (\\S+)");

    private final Supplier<KBankClient> kbank;
    private final Money tolerance;
    private final Kind kind;

    /** @param kbank gives the KBank client; called on each inquiry, so it may be made lazily */
    public ChargeVerifier(Kind kind, Supplier<KBankClient> kbank, Money tolerance) {
        this.kind = kind;
        this.kbank = kbank;
        this.tolerance = tolerance;
    }

    /**
     * Asks KBank and confirms the charge pays the order.
     *
     * @param claimedAmount the amount a callback said was paid, checked too when present
     * @throws PaymentRejectedException when KBank's answer refuses this payment for good
     * @throws PaymentPendingException  when KBank has not settled the charge yet
     * @throws KBankException           when KBank could not give an answer (worth retrying)
     */
    public VerifiedPayment verify(ChargeId chargeId, OrderId orderId, Money orderTotal, Optional<Money> claimedAmount) {
        return confirm(fetch(chargeId), chargeId, orderId, orderTotal, claimedAmount);
    }

    /**
     * KBank's inquiry for a charge, whatever its state.
     *
     * @throws PaymentRejectedException (UNKNOWN_CHARGE) when KBank does not know it
     * @throws KBankException           when KBank could not give an answer (worth retrying)
     */
    public KBankCharge fetch(ChargeId chargeId) {
        try {
            return kind == Kind.QR ? kbank.get().qrCharge(chargeId) : kbank.get().cardCharge(chargeId);
        } catch (KBankException.ErrorAnswer e) {
            if (e.isNotFound() || (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429)) {
                throw new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE, "KBank has no " + kind.paymentMethod
                        + " charge " + chargeId + " (" + e.httpStatus() + (e.code() == null ? "" : " " + e.code()) + ")");
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
            case FAILED -> throw new PaymentRejectedException(RejectionReason.NOT_PAID, "KBank says charge " + chargeId
                    + " is not paid (" + describe(charge) + ")");
            default -> throw new PaymentPendingException("KBank has not settled charge " + chargeId + " yet ("
                    + describe(charge) + ")");
        }
    }

    /**
     * Checks, whatever the charge's state, that it is this charge, in baht, for this order and its
     * total (and the amount claimed, when one was).
     *
     * @return KBank's amount for the charge
     * @throws PaymentRejectedException when it is not
     */
    public Money checkBelongs(KBankCharge charge, ChargeId chargeId, OrderId orderId, Money orderTotal,
            Optional<Money> claimedAmount) {
        if (charge.id() != null && !charge.id().equals(chargeId.value())) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER, "KBank answered for another charge than " + chargeId);
        }
        if (charge.currency() != null && !"THB".equalsIgnoreCase(charge.currency())) {
            throw new PaymentRejectedException(RejectionReason.WRONG_CURRENCY, "charge " + chargeId + " is not in THB");
        }
        checkNamesOrder(charge, chargeId, orderId);
        Money amount = charge.paidAmount().orElseThrow(() -> new PaymentRejectedException(RejectionReason.AMOUNT_MISMATCH,
                "KBank gives no amount for charge " + chargeId));
        if (!amount.within(orderTotal, tolerance)) {
            throw new PaymentRejectedException(RejectionReason.AMOUNT_MISMATCH, "the amount KBank gives, "
                    + amount.toPlainString() + ", does not match the order total " + orderTotal.toPlainString());
        }
        if (claimedAmount.isPresent() && !amount.within(claimedAmount.get(), tolerance)) {
            throw new PaymentRejectedException(RejectionReason.AMOUNT_MISMATCH, "the amount KBank gives, "
                    + amount.toPlainString() + ", does not match the callback amount " + claimedAmount.get().toPlainString());
        }
        return amount;
    }

    private static String describe(KBankCharge charge) {
        return "status " + charge.status() + ", state " + charge.transactionState().wire()
                + (charge.failureCode() == null || charge.failureCode().isBlank() ? "" : ", failure " + charge.failureCode());
    }

    /** When KBank's charge names an order, it must be this one. */
    private static void checkNamesOrder(KBankCharge charge, ChargeId chargeId, OrderId orderId) {
        String ref = charge.referenceOrder();
        if (ref != null && !ref.isBlank() && !referencesOrder(ref.trim(), orderId.value())) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                    "charge " + chargeId + " belongs to another order (reference_order)");
        }
        String kbankOrder = charge.orderId();
        // order_id is KBank's own order object ("order_…") unless it holds a shop order id.
        if (kbankOrder != null && !kbankOrder.isBlank() && !kbankOrder.startsWith("order_")
                && !referencesOrder(kbankOrder.trim(), orderId.value())) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                    "charge " + chargeId + " belongs to another order (order_id)");
        }
        String description = charge.description();
        if (description != null) {
            Matcher m = DESCRIPTION.matcher(description.trim());
            if (m.matches() && !m.group(1).equals(orderId.value())) {
                throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                        "charge " + chargeId + " belongs to another order (description)");
            }
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
