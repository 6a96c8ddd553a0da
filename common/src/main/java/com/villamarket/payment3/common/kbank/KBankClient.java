package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.http.HttpTransport.HttpResponse;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.KBankIds;
import com.villamarket.payment3.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import com.villamarket.payment3.common.money.Money;

/**
 * KBank's payment gateway API. Every call sends {@code x-api-key} and JSON, and turns anything
 * but a 2xx JSON object into a {@link KBankException}, except a 401 or 403, which says KBank does not take our key:
 * a {@link KBankKeyRefused} (configuration). Charge objects are read by {@link KBankCharge#parse} and order objects
 * by {@link KBankQrOrder#parse}, strictly. Thread-safe; build one per container.
 */
public final class KBankClient {

    private final HttpTransport transport;
    private final KBankCredentials credentials;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public KBankClient(HttpTransport transport, KBankCredentials credentials, Duration connectTimeout,
            Duration readTimeout) {
        this.transport = transport;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** QR charge inquiry, {@code GET /qr/v2/qr/{chargeId}}. */
    public KBankCharge qrCharge(ChargeId chargeId) {
        return KBankCharge.parse(call("GET", "/qr/v2/qr/" + chargeId.value(), null));
    }

    /** Card charge inquiry, {@code GET /card/v2/charge/{chargeId}}. */
    public KBankCharge cardCharge(ChargeId chargeId) {
        return KBankCharge.parse(call("GET", "/card/v2/charge/" + chargeId.value(), null));
    }

    /**
     * Creates a card charge ({@code POST /card/v2/charge}): amount, THB, description, source type
     * {@code card}, mode {@code token}, the token, {@code reference_order}, and the merchant id in
     * {@code additional_data.mid} when there is one.
     */
    public KBankCharge createCardCharge(CardChargeRequest request) {
        ObjectNode body = Json.object();
        body.put("amount", request.amount().amount());
        body.put("currency", "THB");
        body.put("description", request.description());
        body.put("source_type", "card");
        body.put("mode", "token");
        body.put("token", request.token().value());
        body.put("reference_order", request.referenceOrder().value());
        // Echoed by KBank in the charge and every inquiry of it: a charge whose answer is lost still names its record.
        body.putObject("metadata").put(KBankCharge.METADATA_TOKEN, request.token().value());
        if (!credentials.merchantId().isEmpty()) {
            body.putObject("additional_data").put("mid", credentials.merchantId());
        }
        return KBankCharge.parse(call("POST", "/card/v2/charge", body));
    }

    /**
     * Voids a card charge ({@code POST /card/v2/charge/{id}/void}); a 2xx JSON answer is KBank's yes, whatever it
     * holds (the charge's state is read by its inquiry when it matters).
     */
    public void voidCardCharge(ChargeId chargeId, String reason) {
        call("POST", "/card/v2/charge/" + chargeId.value() + "/void", Json.object().put("reason", reason));
    }

    /**
     * Creates a KBank customer holding the token's card ({@code POST /card/v2/customer}); the body
     * is not in any public sample, see the README.
     *
     * @return KBank's customer id, {@code cust_…}
     */
    public String createCustomer(String ownerId, String token) {
        ObjectNode body = Json.object();
        body.put("mode", "token");
        body.put("token", token);
        body.put("description", ownerId);
        return customerId(call("POST", "/card/v2/customer", body));
    }

    /** Adds the token's card to a customer ({@code POST /card/v2/customer/{id}/card}, mode token). */
    public String addCard(String customerId, String token) {
        if (!KBankIds.isId(customerId)) {
            throw new IllegalArgumentException("not a KBank customer id");
        }
        ObjectNode body = Json.object();
        body.put("mode", "token");
        body.put("token", token);
        return customerId(call("POST", "/card/v2/customer/" + customerId + "/card", body));
    }

    private static String customerId(JsonNode customer) {
        String id = Json.text(customer, "id");
        if (id == null || id.isBlank()) {
            throw new KBankException.BadAnswer("KBank's customer answer has no id", 200, null, null);
        }
        return id;
    }

    /**
     * Creates a KBank order for QR or WeChat ({@code POST /qr/v2/order}).
     *
     * @return KBank's order object
     */
    public KBankQrOrder createQrOrder(Money amount, String sourceType,
            String referenceOrder, String description) {
        ObjectNode body = Json.object();
        body.put("amount", amount.amount());
        body.put("currency", "THB");
        body.put("description", description);
        body.put("source_type", sourceType);
        body.put("reference_order", referenceOrder);
        return KBankQrOrder.parse(call("POST", "/qr/v2/order", body));
    }

    /** KBank order inquiry ({@code GET /qr/v2/order/{id}}). */
    public KBankQrOrder qrOrder(String kbankOrderId) {
        if (!KBankIds.isId(kbankOrderId)) {
            throw new IllegalArgumentException("not a KBank order id");
        }
        return KBankQrOrder.parse(call("GET", "/qr/v2/order/" + kbankOrderId, null));
    }

    /** The secret key, for the card notify checksum only; never log or show it. */
    String secretKeyForChecksum() {
        return credentials.secretKey();
    }

    /** The merchant id of these credentials; may be empty. */
    public String merchantId() {
        return credentials.merchantId();
    }

    /**
     * Sends one call and returns the answer's JSON object.
     *
     * @param body a value Jackson can write, or null for none
     */
    JsonNode call(String method, String path, Object body) {
        URI uri = URI.create(credentials.baseUrl() + path);
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "accept", "application/json",
                "x-api-key", credentials.secretKey());
        HttpResponse response;
        try {
            response = transport.send(method, uri, headers, body == null ? null : Json.write(body),
                    connectTimeout, readTimeout);
        } catch (IOException e) {
            throw new KBankException.Unavailable("KBank " + method + " " + path + " failed: " + e.getMessage(), e);
        }
        return readAnswer(method, path, response);
    }

    private static JsonNode readAnswer(String method, String path, HttpResponse response) {
        int status = response.status();
        JsonNode node = null;
        try {
            // Strict: a field named twice in an answer that decides money is ambiguous, never "the last one".
            node = Json.parseStrict(response.body());
        } catch (RuntimeException e) {
            if (status >= 200 && status < 300) {
                throw new KBankException.BadAnswer("KBank " + method + " " + path + " answered " + status
                        + " with a body that is not JSON, or names a field twice", status, response.body(), e);
            }
        }
        if (status == 401 || status == 403) {
            // KBank does not take our key: a setting of ours is wrong, whatever the call (never the customer's refusal).
            throw new KBankKeyRefused("KBank " + method + " " + path + " answered " + status
                    + ": it does not take this suite's key (KBANK_SECRET_NAME / KBANK_SECRET_KEY)", status, response.body());
        }
        boolean errorObject = node != null && node.isObject() && "error".equals(Json.text(node, "object"));
        if (status < 200 || status >= 300 || errorObject) {
            String code = node == null ? null : Json.text(node, "code");
            String message = node == null ? null : Json.text(node, "message");
            throw new KBankException.ErrorAnswer("KBank " + method + " " + path + " answered " + status
                    + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message),
                    status, code, response.body());
        }
        if (node == null || !node.isObject()) {
            throw new KBankException.BadAnswer("KBank " + method + " " + path + " answered " + status
                    + " with JSON that is not an object", status, response.body(), null);
        }
        return node;
    }
}
