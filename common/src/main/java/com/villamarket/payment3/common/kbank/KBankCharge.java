package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import java.util.Optional;

/**
 * A KBank charge as its inquiry answers it (card and QR share the shape).
 *
 * @param id               the charge id, {@code chrg_…}; null when KBank left it out
 * @param amount           the charged amount; null when absent or not a decimal
 * @param currency         ISO 4217 code, normally {@code THB}; null when absent
 * @param referenceOrder   {@code reference_order}; null when absent
 * @param orderId          {@code order_id} (QR); null when absent
 * @param description      {@code description}; null when absent
 * @param failureCode      {@code failure_code}; null or empty when none
 * @param redirectUrl      the 3-D Secure page; null when none
 * @param referenceToken   {@code metadata.tokenId}: the card token card-token sent the charge's creation with,
 *                         which KBank echoes; null when absent (a charge the Python stack made)
 */
public record KBankCharge(
        String id,
        Money amount,
        String currency,
        ChargeStatus status,
        TransactionState transactionState,
        String referenceOrder,
        String orderId,
        String description,
        String failureCode,
        String failureMessage,
        String redirectUrl,
        String referenceToken) {

    /** The key of {@code metadata} that names the card token a charge was made with. */
    public static final String METADATA_TOKEN = "tokenId";

    /** Reads a charge object; unknown fields are ignored, amounts kept decimal (number or string). */
    public static KBankCharge from(JsonNode node) {
        return new KBankCharge(
                Json.text(node, "id"),
                amount(node.get("amount")),
                Json.text(node, "currency"),
                ChargeStatus.of(Json.text(node, "status")),
                TransactionState.of(Json.text(node, "transaction_state")),
                Json.text(node, "reference_order"),
                Json.text(node, "order_id"),
                Json.text(node, "description"),
                Json.text(node, "failure_code"),
                Json.text(node, "failure_message"),
                Json.text(node, "redirect_url"),
                node.path("metadata").isObject() ? Json.text(node.get("metadata"), METADATA_TOKEN) : null);
    }

    /**
     * Whether KBank says this charge is paid: status {@code success}, state {@code Authorized} or
     * {@code Settled}, and no failure code.
     */
    public boolean isPaid() {
        return status == ChargeStatus.SUCCESS
                && transactionState.isPaid()
                && (failureCode == null || failureCode.isBlank());
    }

    /** Where KBank's answer leaves a charge. */
    public enum Settlement {
        /** Paid: {@link #isPaid()}. */
        PAID,
        /** Never to be paid: a final unpaid {@code transaction_state} (Declined, Reversed, Voided, Refund Sent). */
        FAILED,
        /** Anything else (Initialize, Pre-Authorized, no state, a state KBank adds later): not final, ask again later. */
        PENDING
    }

    /**
     * Where this answer leaves the charge. Only a final state counts as failed, so that a charge
     * still in 3-D Secure, or one whose state this suite does not know, is never recorded as failed for good.
     */
    public Settlement settlement() {
        if (isPaid()) {
            return Settlement.PAID;
        }
        return transactionState.isFinalUnpaid() ? Settlement.FAILED : Settlement.PENDING;
    }

    /** The amount, if KBank gave one. */
    public Optional<Money> paidAmount() {
        return Optional.ofNullable(amount);
    }

    private static Money amount(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Money.fromJson(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
