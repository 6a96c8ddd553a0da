package com.villamarket.payment3.processpaid;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import java.util.Locale;

/**
 * The invocation payload of seed 001: {@code orderId}, {@code paymentType} ("qr" or "card"),
 * {@code success}, {@code chargeId}, each also accepted in snake case. The payload may come as an
 * object or as a JSON string holding one, as the Python callers send it.
 *
 * @param chargeId required for QR; for card it may be absent (the check-status row names it)
 * @param success  the caller's belief only, logged; KBank's answer decides
 */
record PaidOrderRequest(OrderId orderId, PaymentType paymentType, Boolean success, ChargeId chargeId) {

    enum PaymentType {
        QR, CARD;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads a payload; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    static PaidOrderRequest parse(String raw) {
        JsonNode node = Json.parse(raw);
        if (node.isTextual()) {
            node = Json.parse(node.asText());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the payload is not a JSON object");
        }
        OrderId orderId = OrderId.parse(either(node, "orderId", "order_id"));
        String type = either(node, "paymentType", "payment_type");
        PaymentType paymentType;
        if ("qr".equalsIgnoreCase(type)) {
            paymentType = PaymentType.QR;
        } else if ("card".equalsIgnoreCase(type)) {
            paymentType = PaymentType.CARD;
        } else {
            throw new IllegalArgumentException(type == null ? "paymentType is missing" : "paymentType must be qr or card");
        }
        String charge = either(node, "chargeId", "charge_id");
        ChargeId chargeId = charge == null || charge.isEmpty() ? null : ChargeId.parse(charge);
        if (paymentType == PaymentType.QR && chargeId == null) {
            throw new IllegalArgumentException("chargeId is missing");
        }
        JsonNode success = node.get("success");
        return new PaidOrderRequest(orderId, paymentType,
                success == null || success.isNull() ? null : success.asBoolean(), chargeId);
    }

    private static String either(JsonNode node, String name, String alias) {
        String value = Json.text(node, name);
        return value != null ? value : Json.text(node, alias);
    }
}
