package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.ids.CardToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.PaymentType;

/**
 * The payload that hands a payment to ProcessPaidOrderInternal or ProcessPaidOrder:
 * {@code orderId}, {@code paymentType} ("qr" or "card"), {@code success}, {@code chargeId}, each also
 * accepted in snake case, and ours, {@code tokenId}. The payload may come as an object or as a JSON
 * string holding one, as the Python callers send it.
 *
 * @param paymentType {@link PaymentType#QR} or {@link PaymentType#CARD}, never {@link PaymentType#UNKNOWN}
 * @param chargeId required for QR; for card it may be absent (the order's card record names it)
 * @param success  the caller's belief only, logged; KBank's answer decides
 * @param tokenId  the card token, which finds the card record with a consistent read; null when not sent
 */
public record PaidOrderRequest(OrderId orderId, PaymentType paymentType, Boolean success, ChargeId chargeId,
        CardToken tokenId) {

    /** The payload handing a paid QR charge on. */
    public static PaidOrderRequest qr(OrderId orderId, ChargeId chargeId) {
        return new PaidOrderRequest(orderId, PaymentType.QR, true, chargeId, null);
    }

    /** The payload handing a settled card charge on. */
    public static PaidOrderRequest card(OrderId orderId, ChargeId chargeId, boolean paid, CardToken tokenId) {
        return new PaidOrderRequest(orderId, PaymentType.CARD, paid, chargeId, tokenId);
    }

    /**
     * Reads a payload.
     *
     * @throws PaymentRejectedException (MALFORMED) naming what is missing or wrong
     */
    public static PaidOrderRequest parse(String raw) {
        try {
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
            String tokenText = either(node, "tokenId", "token_id");
            CardToken token = tokenText == null ? null : CardToken.parse(tokenText, "tokenId");
            JsonNode success = node.get("success");
            return new PaidOrderRequest(orderId, paymentType,
                    success == null || success.isNull() ? null : success.asBoolean(), chargeId, token);
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    /** The payload as it is sent. */
    public ObjectNode toJson() {
        ObjectNode payload = Json.object();
        payload.put("orderId", orderId.value());
        payload.put("paymentType", paymentType.wire());
        if (success != null) {
            payload.put("success", success);
        }
        if (chargeId != null) {
            payload.put("chargeId", chargeId.value());
        }
        if (tokenId != null) {
            payload.put("tokenId", tokenId.value());
        }
        return payload;
    }

    private static String either(JsonNode node, String name, String alias) {
        String value = Json.text(node, name);
        return value != null ? value : Json.text(node, alias);
    }
}
