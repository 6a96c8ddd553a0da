package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.KBankStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The local stack's KBank: the test double ({@link KBankStub}) plus what a developer needs to play
 * the customer and KBank's pages, on the same port, without {@code x-api-key}:
 * {@code POST /_sandbox/qr/charges} (a QR charge: {@code amount} and the {@code reference_order} of a KBank QR order, or
 * a shop {@code orderId}, for which a KBank QR order is first made and recorded as kbank-create-order does),
 * {@code POST /_sandbox/card/tokens} (a KPay.js
 * token), {@code POST /_sandbox/card/charges/{id}/3ds} (finish 3-D Secure and post KBank's card
 * callback to the suite, as KBank's page does), {@code GET /_sandbox/customers}, and the 3-D Secure
 * page {@code GET /_3ds/{id}}.
 */
final class KBankSandbox implements AutoCloseable {

    private static final Pattern AMOUNT = Pattern.compile("\\d{1,9}(\\.\\d{1,2})?");

    private final KBankStub stub;
    private volatile URI cardCallbackUrl;
    private volatile BiFunction<String, String, String> qrOrders;

    private KBankSandbox(KBankStub stub) {
        this.stub = stub;
        stub.addContext("/_sandbox/", this::control);
        stub.addContext("/_3ds/", this::threeDSecurePage);
    }

    /**
     * Starts the sandbox on a loopback port, accepting {@code secretKey} as KBank's API key.
     *
     * @throws BindException when the port is in use
     */
    static KBankSandbox start(String secretKey, int port) throws IOException {
        return new KBankSandbox(KBankStub.startOnPort(secretKey, port));
    }

    /** The KBank API double underneath, for seeding sample charges and tokens. */
    KBankStub stub() {
        return stub;
    }

    URI baseUrl() {
        return stub.baseUrl();
    }

    /** Where finishing a 3-D Secure page posts KBank's card callback: the suite's {@code POST /callback}. */
    void cardCallbackUrl(URI url) {
        this.cardCallbackUrl = url;
    }

    /**
     * Makes a KBank QR order for a shop order and records it as kbank-create-order does: gets the order id and
     * the amount, gives the {@code reference_order}.
     */
    void qrOrders(BiFunction<String, String, String> maker) {
        this.qrOrders = maker;
    }

    @Override
    public void close() {
        stub.close();
    }

    private void threeDSecurePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/_3ds/".length());
            send(exchange, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                    + "<title>KBank sandbox: 3-D Secure</title></head><body><h1>KBank sandbox: 3-D Secure</h1>"
                    + "<p>Charge " + Html.escape(id) + "</p><p>POST /_sandbox/card/charges/" + Html.escape(id)
                    + "/3ds with {\"approve\": true} (or false) finishes it and posts KBank's callback.</p></body></html>");
        }
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                request = body.isBlank() ? Json.object() : Json.parse(body);
            } catch (IllegalArgumentException e) {
                sendJson(exchange, 400, error("invalid_request", "the body is not JSON"));
                return;
            }
            if ("POST".equals(method) && path.equals("/_sandbox/qr/charges")) {
                String amount = request.path("amount").asText("");
                if (!AMOUNT.matcher(amount).matches()) {
                    sendJson(exchange, 400, error("invalid_request", "amount must be a decimal such as \"6.00\""));
                    return;
                }
                String id = "chrg_test_" + Long.toHexString(System.nanoTime()) + "q";
                String reference = request.hasNonNull("reference_order") ? request.get("reference_order").asText() : null;
                if (reference == null && request.hasNonNull("orderId")) {
                    if (qrOrders == null) {
                        sendJson(exchange, 400, error("invalid_request", "this sandbox records no KBank orders"));
                        return;
                    }
                    reference = qrOrders.apply(request.get("orderId").asText(), amount);
                }
                ObjectNode charge = "success".equals(request.path("status").asText("success"))
                        ? stub.qrCharge(id, amount, "success", "Authorized", reference)
                        : stub.qrCharge(id, amount, "fail", "Declined", reference);
                sendJson(exchange, 200, charge);
            } else if ("POST".equals(method) && path.equals("/_sandbox/card/tokens")) {
                try {
                    sendJson(exchange, 200, Json.object().put("id", stub.cardToken(request.path("outcome").asText(""))));
                } catch (IllegalArgumentException e) {
                    sendJson(exchange, 400, error("invalid_request", e.getMessage()));
                }
            } else if ("GET".equals(method) && path.equals("/_sandbox/customers")) {
                sendJson(exchange, 200, Json.mapper().valueToTree(stub.customers()));
            } else if ("POST".equals(method) && path.startsWith("/_sandbox/card/charges/") && path.endsWith("/3ds")) {
                String id = path.substring("/_sandbox/card/charges/".length(), path.length() - "/3ds".length());
                boolean approve = request.path("approve").asBoolean(true);
                try {
                    stub.complete3ds(id, approve);
                } catch (IllegalStateException e) {
                    sendJson(exchange, 409, error("invalid_state", e.getMessage()));
                    return;
                }
                sendJson(exchange, 200, postCallback(id, approve));
            } else {
                sendJson(exchange, 404, error("not_found", "no sandbox endpoint " + method + " " + path));
            }
        }
    }

    /** Posts KBank's card callback form to the suite, as KBank's page does; answers what the suite answered. */
    private ObjectNode postCallback(String chargeId, boolean approved) throws IOException {
        ObjectNode answer = Json.object().put("chargeId", chargeId);
        if (cardCallbackUrl == null) {
            return answer.put("callback", "not posted: no callback URL configured");
        }
        String token = stub.tokenOf(chargeId);
        String form = "objectId=" + chargeId + "&token=" + (token == null ? "" : token) + "&status=" + approved
                + "&saveCard=false&message=";
        HttpURLConnection connection = (HttpURLConnection) cardCallbackUrl.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("content-type", "application/x-www-form-urlencoded");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String page = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return answer.put("callbackStatus", status).put("callbackPage", page);
    }

    private static ObjectNode error(String code, String message) {
        return Json.object().put("object", "error").put("code", code).put("message", message);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", Json.write(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
