package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.payment.PaymentRejectedException;

/**
 * KBank's QR or WeChat order object, as {@code POST /qr/v2/order} creates it and {@code GET /qr/v2/order/{id}}
 * answers it.
 *
 * @param id       KBank's order id; null when the answer has none
 * @param chargeId the charge the order names ({@code charge_id}, or {@code charge.id}), as KBank wrote it; null
 *                 while the order names none (not paid yet)
 * @param status   KBank's status of the order; null when none
 * @param json     the object as KBank answered it, which the shop's front end reads
 */
public record KBankQrOrder(String id, String chargeId, String status, JsonNode json) {

    /**
     * Reads KBank's order object strictly: {@code id}, {@code status}, {@code charge_id} strings, {@code charge} an
     * object whose {@code id} is a string, each absent or null otherwise; an order naming two different charges
     * ({@code charge_id} and {@code charge.id}) is ambiguous.
     *
     * @throws PaymentRejectedException (KBANK_ANSWER_MALFORMED, carrying the answer) when it is not so
     */
    public static KBankQrOrder parse(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            throw KBankCharge.malformed(answer, "KBank's order answer is not a JSON object");
        }
        JsonNode nested = answer.get("charge");
        if (nested != null && !nested.isNull() && !nested.isObject()) {
            throw KBankCharge.malformed(answer, "KBank's order answer has a charge that is not an object");
        }
        String flat = string(answer, answer, "charge_id");
        String inner = nested == null || nested.isNull() ? null : string(answer, nested, "id");
        if (flat != null && inner != null && !flat.equals(inner)) {
            throw KBankCharge.malformed(answer, "KBank's order answer names two charges (charge_id and charge.id)");
        }
        return new KBankQrOrder(string(answer, answer, "id"), flat != null ? flat : inner,
                string(answer, answer, "status"), answer);
    }

    /** The object as KBank answered it. */
    public JsonNode toJson() {
        return json;
    }

    private static String string(JsonNode answer, JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw KBankCharge.malformed(answer, "KBank's order answer has a " + field + " that is not a string");
        }
        return value.textValue();
    }
}
