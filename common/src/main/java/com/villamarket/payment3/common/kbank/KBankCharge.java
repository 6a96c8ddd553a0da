package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A KBank charge as its inquiry answers it (card and QR share the shape), read by {@link #parse}, the one
 * place a charge object from KBank is read: every field the suite reads has the JSON type KBank gives it or is
 * absent (or null), so that a field KBank did not send as KBank sends it is never read as something else.
 *
 * @param id               the charge id, {@code chrg_…}; null when KBank left it out
 * @param amount           the charged amount, a JSON number in whole satang; null when absent
 * @param currency         ISO 4217 code, normally {@code THB}; null when absent
 * @param referenceOrder   {@code reference_order}; null when absent
 * @param orderId          {@code order_id} (QR); null when absent
 * @param description      {@code description}; null when absent
 * @param failureCode      {@code failure_code}; null or empty when none
 * @param redirectUrl      the 3-D Secure page; null when none
 * @param referenceToken   {@code metadata.tokenId}: the card token card-token sent the charge's creation with,
 *                         which KBank echoes; null when absent (a charge the Python stack made)
 * @param json             the object as KBank answered it, for the error log when it is refused
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
        String referenceToken,
        JsonNode json) {

    /** The key of {@code metadata} that names the card token a charge was made with. */
    public static final String METADATA_TOKEN = "tokenId";

    /**
     * Reads KBank's charge object strictly: {@code amount} a JSON number of whole satang; {@code id}, {@code currency},
     * {@code status}, {@code transaction_state}, {@code reference_order}, {@code order_id}, {@code description},
     * {@code failure_code}, {@code failure_message}, {@code redirect_url} strings; {@code metadata} an object whose
     * {@code tokenId} is a string. Each may be absent or null (what must be there is the verifier's rule); any other
     * JSON type is a refusal. Fields the suite does not read are ignored.
     *
     * @throws PaymentRejectedException (KBANK_ANSWER_MALFORMED, carrying the answer) when a field has another type
     */
    public static KBankCharge parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw malformed(node, "KBank's charge answer is not a JSON object");
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw malformed(node, "KBank's charge answer has a metadata that is not an object");
        }
        return new KBankCharge(
                string(node, "id"),
                amount(node),
                string(node, "currency"),
                ChargeStatus.of(string(node, "status")),
                state(node),
                string(node, "reference_order"),
                string(node, "order_id"),
                string(node, "description"),
                string(node, "failure_code"),
                string(node, "failure_message"),
                string(node, "redirect_url"),
                metadata == null || metadata.isNull() ? null : string(node, metadata, METADATA_TOKEN),
                node);
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

    /**
     * Whether the answer says paid and not paid at once: a paid state ({@code Authorized}, {@code Settled})
     * with a status other than {@code success}, or with a failure code.
     */
    public boolean contradictsItself() {
        return transactionState.isPaid() && !isPaid();
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

    /** KBank's {@code created}: seventeen digits, {@code yyyyMMddHHmmssSSS}, as KBank's QR order answers show it. */
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");
    /** The zone {@code created} is read in: KBank writes no zone; a Thai bank's clock is read as Bangkok's. */
    static final ZoneId CREATED_ZONE = ZoneId.of("Asia/Bangkok");

    /**
     * When KBank made the charge ({@code created}), read in Bangkok's time (KBank writes no zone: were it UTC,
     * this is seven hours early, never late); empty when absent, not a string or not of that shape.
     */
    public Optional<Instant> created() {
        JsonNode value = json == null ? null : json.get("created");
        if (value == null || !value.isTextual() || value.textValue().length() != 17) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.textValue(), CREATED).atZone(CREATED_ZONE).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The amount, if KBank gave one. */
    public Optional<Money> paidAmount() {
        return Optional.ofNullable(amount);
    }

    /** KBank's answer as text, for the error log (which redacts it). */
    public String answer() {
        return json == null ? null : Json.write(json);
    }

    /** A refusal for an answer that is not what KBank sends, carrying the answer. */
    public static PaymentRejectedException malformed(JsonNode answer, String message) {
        return new PaymentRejectedException(RejectionReason.KBANK_ANSWER_MALFORMED, message,
                answer == null ? null : Json.write(answer));
    }

    private static String string(JsonNode node, String field) {
        return string(node, node, field);
    }

    /** A string field of {@code object}, null when absent or null; {@code answer} is the whole answer, for the refusal. */
    private static String string(JsonNode answer, JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(answer, "KBank's charge answer has a " + field + " that is not a string but " + type(value));
        }
        return value.textValue();
    }

    /**
     * {@code transaction_state} as KBank writes it; a known state in another case or with spaces ("authorized",
     * "Authorized ") is not KBank's and not a new state either: ambiguous, so refused.
     */
    private static TransactionState state(JsonNode node) {
        String text = string(node, "transaction_state");
        TransactionState state = TransactionState.of(text);
        if (state == TransactionState.UNKNOWN) {
            for (TransactionState known : TransactionState.values()) {
                if (known != TransactionState.UNKNOWN && !known.wire().isEmpty() && known.wire().equalsIgnoreCase(text.strip())) {
                    throw malformed(node, "KBank's charge answer has a transaction_state \"" + text
                            + "\" that is not written as KBank writes \"" + known.wire() + "\"");
                }
            }
        }
        return state;
    }

    /** {@code amount}: a JSON number (never a string), bounded, of whole satang; null when absent or null. */
    private static Money amount(JsonNode node) {
        JsonNode value = node.get("amount");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw malformed(node, "KBank's charge answer has an amount that is not a number but " + type(value));
        }
        BigDecimal decimal;
        try {
            decimal = Money.decimalFromJson(value);
            return Money.of(decimal.setScale(2, RoundingMode.UNNECESSARY));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw malformed(node, "KBank's charge answer has an amount that is not a whole number of satang ("
                    + e.getMessage() + ")");
        }
    }

    private static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
