package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;

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

    /** Reads KBank's order object. */
    public static KBankQrOrder fromJson(JsonNode answer) {
        String charge = Json.text(answer, "charge_id");
        if (charge == null) {
            charge = Json.text(answer.path("charge"), "id");
        }
        return new KBankQrOrder(Json.text(answer, "id"), charge, Json.text(answer, "status"), answer);
    }

    /** The object as KBank answered it. */
    public JsonNode toJson() {
        return json;
    }
}
