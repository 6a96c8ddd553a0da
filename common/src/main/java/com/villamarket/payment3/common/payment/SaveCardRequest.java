package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;

/**
 * The payload that asks kbank-create-user to keep a customer's card, {@code {"ownerId": …, "token": "tokn_…"}}:
 * sent by the card hand-on (a card verification) and by ProcessPaidOrder (a paid charge whose customer asked to
 * keep the card).
 */
public record SaveCardRequest(OwnerId ownerId, CardToken token) {

    /** The request for a card payment record's customer and token. */
    public static SaveCardRequest of(CardPaymentRecord record) {
        return new SaveCardRequest(record.ownerId(), record.tokenId());
    }

    /**
     * Reads a payload.
     *
     * @throws PaymentRejectedException (MALFORMED) naming what is missing or wrong
     */
    public static SaveCardRequest parse(String raw) {
        try {
            JsonNode node = Json.parse(raw);
            return new SaveCardRequest(OwnerId.parse(Json.text(node, "ownerId")),
                    CardToken.parse(Json.text(node, "token"), "token"));
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    /** The payload as it is sent. */
    public ObjectNode toJson() {
        ObjectNode payload = Json.object();
        payload.put("ownerId", ownerId.value());
        payload.put("token", token.value());
        return payload;
    }
}
