package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A KBank API double on loopback, speaking as KBank does: {@code x-api-key} required, JSON charge
 * objects, KBank error objects, for exactly the endpoints the suite calls (QR and card charge
 * inquiries, card charge creation and void, customer creation and add card, QR order creation and
 * inquiry). Answers come from what the test registers (charges, tokens and the outcome of their
 * charge, customers), from fixture files laid out like the API ({@code kbank/qr/v2/qr/<id>-get.json},
 * an error fixture {@code …-get-404.json} beside it), or from an override per path; anything else is
 * KBank's 404 error object. The local stack's sandbox is built on it.
 */
public final class KBankStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] ERROR_FIXTURE_STATUSES = {400, 401, 404, 409, 429, 500, 503};

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secretKey;
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, Answer> overrides = new ConcurrentHashMap<>();
    private final Map<String, Answer> lostAnswers = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<ObjectNode>> alterations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, String> lastBodies = new ConcurrentHashMap<>();
    private final Map<String, String> tokenOutcomes = new ConcurrentHashMap<>();
    private final Map<String, String> tokenCharges = new ConcurrentHashMap<>();
    private final Map<String, String> chargeTokens = new ConcurrentHashMap<>();
    private final Map<String, List<String>> customers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** A fixed answer: HTTP status and body text. */
    public record Answer(int status, String body) {
    }

    private KBankStub(String secretKey, int port) throws IOException {
        this.secretKey = secretKey;
        this.server = LoopbackHttpServer.create(port, 64);
        this.executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a stub that accepts only {@code secretKey} as {@code x-api-key}. */
    public static KBankStub start(String secretKey) {
        try {
            return new KBankStub(secretKey, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the KBank stub", e);
        }
    }

    /**
     * Starts the stub on a given loopback port (the local stack's sandbox).
     *
     * @throws java.net.BindException when the port is in use
     */
    public static KBankStub startOnPort(String secretKey, int port) throws IOException {
        return new KBankStub(secretKey, port);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Registers a QR charge for {@code GET /qr/v2/qr/{id}}.
     *
     * @param state {@code transaction_state}, or null to leave it out
     */
    public ObjectNode qrCharge(String id, String amount, String status, String state, String referenceOrder) {
        ObjectNode charge = charge(id, amount, status, state, referenceOrder);
        charge.put("source_type", "qr");
        objects.put("GET /qr/v2/qr/" + id, charge);
        if (referenceOrder != null) {
            // A KBank order with this reference now names its charge, as KBank's order inquiry does once paid.
            objects.forEach((key, object) -> {
                if (key.startsWith("GET /qr/v2/order/") && referenceOrder.equals(object.path("reference_order").asText())) {
                    object.put("charge_id", id);
                }
            });
        }
        return charge;
    }

    /** Registers a paid QR charge: {@code success}, {@code Authorized}, with this {@code reference_order}. */
    public ObjectNode paidQrCharge(String id, String amount, String referenceOrder) {
        return qrCharge(id, amount, "success", "Authorized", referenceOrder);
    }

    /**
     * Registers a KBank QR order for {@code GET /qr/v2/order/{id}}, as {@code POST /qr/v2/order} makes one: this
     * {@code reference_order}, THB, naming no charge until a QR charge of its reference is registered.
     *
     * @return KBank's order id, {@code order_…}
     */
    public String qrOrder(String referenceOrder, String amount, String description) {
        String id = "order_test_" + ids.incrementAndGet() + Long.toHexString(System.nanoTime());
        ObjectNode order = JSON.createObjectNode();
        order.put("id", id);
        order.put("object", "order");
        order.put("amount", new BigDecimal(amount));
        order.put("currency", "THB");
        order.put("description", description);
        order.put("status", "success");
        order.put("reference_order", referenceOrder);
        order.put("source_type", "qr");
        objects.put("GET /qr/v2/order/" + id, order);
        return id;
    }

    /** Registers a card charge for {@code GET /card/v2/charge/{id}}. */
    public ObjectNode cardCharge(String id, String amount, String status, String state, String referenceOrder) {
        ObjectNode charge = charge(id, amount, status, state, referenceOrder);
        charge.put("source_type", "card");
        objects.put("GET /card/v2/charge/" + id, charge);
        return charge;
    }

    /**
     * A KPay.js card token whose charge KBank answers with this outcome: {@code authorized} (paid at
     * once), {@code 3ds} (Pre-Authorized with a 3-D Secure page) or {@code declined}.
     */
    public String cardToken(String outcome) {
        if (!Set.of("authorized", "3ds", "declined").contains(outcome)) {
            throw new IllegalArgumentException("outcome must be authorized, 3ds or declined");
        }
        String token = "tokn_test_" + ids.incrementAndGet() + "_" + Long.toHexString(System.nanoTime());
        tokenOutcomes.put(token, outcome);
        return token;
    }

    /** Registers a named token (as the sample events use) whose charge gets this id and outcome. */
    public void cardToken(String token, String outcome, String chargeId) {
        if (!Set.of("authorized", "3ds", "declined").contains(outcome)) {
            throw new IllegalArgumentException("outcome must be authorized, 3ds or declined");
        }
        tokenOutcomes.put(token, outcome);
        tokenCharges.put(token, chargeId);
    }

    /** Finishes a charge's 3-D Secure page as the customer would: approved (Authorized) or not (Declined). */
    public ObjectNode complete3ds(String chargeId, boolean approved) {
        ObjectNode charge = objects.get("GET /card/v2/charge/" + chargeId);
        if (charge == null || !"Pre-Authorized".equals(charge.path("transaction_state").asText())) {
            throw new IllegalStateException("no charge awaiting 3-D Secure: " + chargeId);
        }
        if (approved) {
            charge.put("transaction_state", "Authorized");
            charge.put("status", "success");
        } else {
            decline(charge);
        }
        charge.put("redirect_url", "");
        return charge;
    }

    /**
     * KBank undoes a charge it authorized (a void, a reversal, a refund), card or QR: from now on its
     * inquiry answers the charge in {@code state}, for example {@code Voided}, {@code Reversed} or {@code Refund Sent}.
     */
    public ObjectNode undoAuthorized(String chargeId, String state) {
        ObjectNode charge = objects.getOrDefault("GET /card/v2/charge/" + chargeId, objects.get("GET /qr/v2/qr/" + chargeId));
        String now = charge == null ? "" : charge.path("transaction_state").asText();
        if (!now.equals("Authorized") && !now.equals("Settled")) {
            throw new IllegalStateException("no authorized charge to undo: " + chargeId);
        }
        charge.put("transaction_state", state);
        return charge;
    }

    /** Registers a KBank customer that exists already, with no card. */
    public void existingCustomer(String id) {
        customers.put(id, new CopyOnWriteArrayList<>());
    }

    /** The customers created, by id, with the tokens of their cards. */
    public Map<String, List<String>> customers() {
        return Map.copyOf(customers);
    }

    /** The body of the last call of {@code method path}; null when none. */
    public String lastBody(String method, String path) {
        return lastBodies.get(method + " " + path);
    }

    /** The charge registered or created under an id; null when none. */
    public ObjectNode charge(String path) {
        return objects.get("GET " + path);
    }

    /** Answers {@code method path} with this status and body, whatever is registered. */
    public void respond(String method, String path, int status, String body) {
        overrides.put(method + " " + path, new Answer(status, body));
    }

    /**
     * Does what {@code method path} asks (a charge is made) and then answers this status and body in
     * place of KBank's answer, as when the answer is lost or cut on the way back (an empty 200, a 504).
     */
    public void loseAnswer(String method, String path, int status, String body) {
        lostAnswers.put(method + " " + path, new Answer(status, body));
    }

    /**
     * Alters every JSON object KBank would answer {@code method path} with (a registered charge, a fixture, the
     * charge a {@code POST} creates) before it is sent: a field dropped, given another JSON type or another value,
     * as a KBank that misbehaves would answer. The change gets a copy; what is registered stays as it was.
     */
    public void alter(String method, String path, UnaryOperator<ObjectNode> change) {
        alterations.put(method + " " + path, change);
    }

    /** Waits this long before answering {@code method path}. */
    public void delay(String method, String path, Duration delay) {
        delays.put(method + " " + path, delay);
    }

    /** Answers {@code method path} as registered again: its override, delay and alteration are dropped. */
    public void heal(String method, String path) {
        String key = method + " " + path;
        overrides.remove(key);
        delays.remove(key);
        alterations.remove(key);
    }

    /** How many calls {@code method path} has had, with a valid key or not. */
    public int calls(String method, String path) {
        AtomicInteger count = calls.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** Forgets every charge, override, delay and count. */
    public void reset() {
        objects.clear();
        overrides.clear();
        lostAnswers.clear();
        lastBodies.clear();
        tokenOutcomes.clear();
        tokenCharges.clear();
        chargeTokens.clear();
        customers.clear();
        delays.clear();
        alterations.clear();
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static ObjectNode charge(String id, String amount, String status, String state, String referenceOrder) {
        ObjectNode charge = JSON.createObjectNode();
        charge.put("id", id);
        charge.put("object", "charge");
        charge.put("amount", new BigDecimal(amount));
        charge.put("currency", "THB");
        charge.put("status", status);
        if (state != null) {
            charge.put("transaction_state", state);
        }
        if (referenceOrder != null) {
            charge.put("reference_order", referenceOrder);
        }
        charge.put("livemode", false);
        charge.put("created", "20250530205658833");
        charge.putNull("failure_code");
        charge.putNull("failure_message");
        return charge;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            String requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            lastBodies.put(key, requestBody);
            Duration delay = delays.get(key);
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!secretKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                send(exchange, 401, error("authentication_failure", "invalid x-api-key"));
                return;
            }
            Answer override = overrides.get(key);
            if (override != null) {
                send(exchange, override.status(), override.body());
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())) {
                String path = exchange.getRequestURI().getPath();
                Answer answer = post(path, requestBody);
                if (answer != null) {
                    Answer lost = lostAnswers.get(key);
                    send(exchange, lost == null ? answer.status() : lost.status(), lost == null ? altered(key, answer.body()) : lost.body());
                    return;
                }
            }
            ObjectNode object = objects.get(key);
            if (object != null) {
                send(exchange, 200, altered(key, JSON.writeValueAsString(object)));
                return;
            }
            Answer fixture = fixture(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            if (fixture != null) {
                send(exchange, fixture.status(), fixture.status() == 200 ? altered(key, fixture.body()) : fixture.body());
                return;
            }
            send(exchange, 404, error("not_found", "no such object: " + exchange.getRequestURI().getPath()));
        }
    }

    /** KBank's POST endpoints: create charge, void, create customer, add card. Null when not one of them. */
    private Answer post(String path, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return new Answer(400, error("invalid_request", "body is not JSON"));
        }
        if (path.equals("/card/v2/charge")) {
            String outcome = tokenOutcomes.get(request.path("token").asText());
            if (outcome == null) {
                return new Answer(400, error("invalid_token", "token is invalid or expired"));
            }
            String id = tokenCharges.getOrDefault(request.path("token").asText(),
                    "chrg_test_" + ids.incrementAndGet() + "c" + Long.toHexString(System.nanoTime()));
            ObjectNode charge = charge(id, request.path("amount").asText("0"), "success", "Authorized",
                    request.path("reference_order").asText(null));
            charge.put("source_type", "card");
            charge.put("description", request.path("description").asText(""));
            // KBank echoes the merchant's metadata in the charge and every inquiry of it.
            if (request.path("metadata").isObject()) {
                charge.set("metadata", request.get("metadata").deepCopy());
            }
            charge.putObject("source").put("object", "card").put("brand", "VISA").put("card_masking", "400000xxxxxx0002");
            if (outcome.equals("3ds")) {
                charge.put("transaction_state", "Pre-Authorized");
                charge.put("redirect_url", baseUrl() + "/_3ds/" + id);
            } else if (outcome.equals("declined")) {
                decline(charge);
            }
            objects.put("GET /card/v2/charge/" + id, charge);
            chargeTokens.put(id, request.path("token").asText());
            return new Answer(200, JSON.writeValueAsString(charge));
        }
        if (path.equals("/qr/v2/order")) {
            // KBank's order object.
            String amount = request.path("amount").asText("");
            if (!amount.matches("\\d{1,9}(\\.\\d{1,4})?")) {
                return new Answer(400, error("invalid_request", "amount is required"));
            }
            String id = "order_test_" + ids.incrementAndGet() + Long.toHexString(System.nanoTime());
            ObjectNode order = JSON.createObjectNode();
            order.put("id", id);
            order.put("object", "order");
            order.put("created", "20250530205658833");
            order.put("livemode", false);
            order.put("amount", new BigDecimal(amount));
            order.put("currency", request.path("currency").asText("THB"));
            order.putNull("customer");
            order.put("description", request.path("description").asText(""));
            order.putNull("metadata");
            order.put("status", "success");
            order.put("reference_order", request.path("reference_order").asText(""));
            order.put("source_type", request.path("source_type").asText("qr"));
            ObjectNode additional = order.putObject("additional_data");
            additional.putNull("term");
            additional.putNull("mid");
            additional.putNull("tid");
            additional.putNull("smartpay_id");
            additional.putNull("campaign_id");
            order.putNull("failure_code");
            order.putNull("failure_message");
            order.put("expire_time_seconds", 3600);
            objects.put("GET /qr/v2/order/" + id, order);
            return new Answer(200, JSON.writeValueAsString(order));
        }
        if (path.startsWith("/card/v2/charge/") && path.endsWith("/void")) {
            String id = path.substring("/card/v2/charge/".length(), path.length() - "/void".length());
            ObjectNode charge = objects.get("GET /card/v2/charge/" + id);
            if (charge == null || !"Authorized".equals(charge.path("transaction_state").asText())) {
                return new Answer(400, error("invalid_state", "charge cannot be voided"));
            }
            charge.put("transaction_state", "Voided");
            return new Answer(200, JSON.writeValueAsString(charge));
        }
        if (path.equals("/card/v2/customer")) {
            String id = "cust_test_" + ids.incrementAndGet();
            customers.put(id, new CopyOnWriteArrayList<>(List.of(request.path("token").asText())));
            return new Answer(200, customer(id));
        }
        if (path.startsWith("/card/v2/customer/") && path.endsWith("/card")) {
            String id = path.substring("/card/v2/customer/".length(), path.length() - "/card".length());
            List<String> cards = customers.get(id);
            if (cards == null) {
                return new Answer(404, error("not_found", "no such customer"));
            }
            cards.add(request.path("token").asText());
            return new Answer(200, customer(id));
        }
        return null;
    }

    /** The answer's body with the test's alteration of {@code key} applied, when it has one and the body is an object. */
    private String altered(String key, String body) throws IOException {
        UnaryOperator<ObjectNode> change = alterations.get(key);
        if (change == null) {
            return body;
        }
        JsonNode answer = JSON.readTree(body);
        return answer instanceof ObjectNode object ? JSON.writeValueAsString(change.apply(object.deepCopy())) : body;
    }

    /** The token a charge was made with; null when unknown. */
    public String tokenOf(String chargeId) {
        return chargeTokens.get(chargeId);
    }

    /**
     * Serves more paths beside KBank's API on the same port (the local stack's sandbox controls);
     * they need no {@code x-api-key}.
     */
    public void addContext(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler);
    }

    private String customer(String id) throws IOException {
        ObjectNode customer = JSON.createObjectNode();
        customer.put("id", id);
        customer.put("object", "customer");
        ArrayNode cards = customer.putArray("cards");
        customers.get(id).forEach(token -> cards.addObject().put("object", "card").put("token", token));
        return JSON.writeValueAsString(customer);
    }

    private static void decline(ObjectNode charge) {
        charge.put("status", "fail");
        charge.put("transaction_state", "Declined");
        charge.put("failure_code", "card_declined");
        charge.put("failure_message", "The card was declined by its issuer");
    }

    /**
     * A fixture laid out like KBank's API: {@code kbank/<path>-<method>.json} answers 200, and an error
     * fixture beside it, {@code kbank/<path>-<method>-<status>.json}, answers that status (404, 400, 500).
     */
    private static Answer fixture(String method, String path) throws IOException {
        String base = "kbank" + path + "-" + method.toLowerCase(Locale.ROOT);
        String success = resource(base + ".json");
        if (success != null) {
            return new Answer(200, success);
        }
        for (int status : ERROR_FIXTURE_STATUSES) {
            String error = resource(base + "-" + status + ".json");
            if (error != null) {
                return new Answer(status, error);
            }
        }
        return null;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KBankStub.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String error(String code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("object", "error");
        error.put("code", code);
        error.put("message", message);
        return JSON.writeValueAsString(error);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
