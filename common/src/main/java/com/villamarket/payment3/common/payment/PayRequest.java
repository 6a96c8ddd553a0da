package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order;

/**
 * What the shop's Pay function gets once an order is paid, {@code {"orderId", "payment", "idempotencyKey"}}: the
 * order's payment header as stored, with a key (one per order and charge), since a run that dies after invoking
 * Pay invokes it again.
 *
 * @param payment the order's {@code payment} header; a missing node when the order has none
 */
public record PayRequest(OrderId orderId, JsonNode payment, String idempotencyKey) {

    /** The request for an order paid with a charge. */
    public static PayRequest of(Order order, ChargeId chargeId) {
        return new PayRequest(order.orderId(), order.data().path("payment"), key(order.orderId(), chargeId));
    }

    /** The idempotency key of an order's payment with a charge. */
    public static String key(OrderId orderId, ChargeId chargeId) {
        return orderId.value() + ":" + chargeId.value();
    }

    /**
     * Reads a payload.
     *
     * @throws PaymentRejectedException (MALFORMED) naming what is missing or wrong
     */
    public static PayRequest parse(String raw) {
        try {
            JsonNode node = Json.parse(raw);
            String key = Json.text(node, "idempotencyKey");
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("idempotencyKey is missing");
            }
            return new PayRequest(OrderId.parse(Json.text(node, "orderId")), node.path("payment"), key);
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    /** The payload as it is sent. */
    public ObjectNode toJson() {
        ObjectNode payload = Json.object();
        payload.put("orderId", orderId.value());
        payload.set("payment", payment);
        payload.put("idempotencyKey", idempotencyKey);
        return payload;
    }
}
