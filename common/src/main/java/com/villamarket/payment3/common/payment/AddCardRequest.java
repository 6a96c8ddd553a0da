package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.KBankIds;
import com.villamarket.payment3.common.json.Json;
import java.util.Objects;

/**
 * The payload kbank-create-user sends kbank-add-card to add a card to a KBank customer,
 * {@code {"kbank_customer_id": "cust_…", "token": "tokn_…"}}.
 *
 * @param kbankCustomerId KBank's customer id: 1 to 120 letters, digits or underscores
 */
public record AddCardRequest(String kbankCustomerId, CardToken token) {

    public AddCardRequest {
        Objects.requireNonNull(token, "token");
        if (!KBankIds.isId(kbankCustomerId)) {
            throw new IllegalArgumentException("kbank_customer_id is missing or invalid");
        }
    }

    /**
     * Reads a payload.
     *
     * @throws PaymentRejectedException (MALFORMED) naming what is missing or wrong
     */
    public static AddCardRequest parse(String raw) {
        try {
            JsonNode node = Json.parse(raw);
            return new AddCardRequest(Json.text(node, "kbank_customer_id"),
                    CardToken.parse(Json.text(node, "token"), "token"));
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    /** The payload as it is sent. */
    public ObjectNode toJson() {
        ObjectNode payload = Json.object();
        payload.put("kbank_customer_id", kbankCustomerId);
        payload.put("token", token.value());
        return payload;
    }
}
