package com.villamarket.payment3.kbankorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Handlers.ApiAnswer;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /kbank/order with its sample events (seed 003), behind the Cognito authorizer. */
@LocalSuiteTest
class CreateOrderHandlerTest {

    private static LocalSuite suite;
    private static Components c;
    private static CreateOrderHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        c = parts.admin();
        handler = new CreateOrderHandler(parts.function());
        c.tables().orders().put(new OrderId("492500004632"), (ObjectNode) Json.parse("{\"grandTotal\": 300.0}"), DataForm.JSON_STRING);
    }


    private static void assertError(ApiAnswer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.json().path("error").path("code").asText(), answer.body());
    }

    private static String withBody(String sample, ObjectNode body) {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event(sample));
        event.put("body", Json.write(body));
        return Json.write(event);
    }

    @Test
    void theQrAndWeChatSamplesCreateKBankOrdersForTheOrdersOwnTotalAndRecordThem() {
        for (String sample : new String[] {"qr", "wechat"}) {
            ApiAnswer answer = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/kbank-create-order/" + sample + ".json"));

            assertEquals(200, answer.status(), answer.body());
            JsonNode order = answer.json();
            assertEquals(sample, order.path("source_type").asText());
            assertEquals(0, order.path("amount").decimalValue().compareTo(new BigDecimal("300")));
            String reference = order.path("reference_order").asText();
            assertTrue(reference.matches("492500004632\\d{10}\\.\\d{6}"), reference);
            KBankOrder recorded = c.tables().kbankOrders().findByReference(reference).orElseThrow();
            assertEquals(order.path("id").asText(), recorded.kbankOrderId());
            assertTrue(recorded.pending(), "pending until its payment is settled");
        }
    }

    @Test
    void eachRefusalAnswersTheShopsErrorShapeAndIsLoggedAsARefusalByItsReason() {
        assertLoggedError(Handlers.event("kbank-create-order/unauthenticated.json"), 401, "unauthorized", "OTHER_OWNER");
        assertLoggedError(withBody("kbank-create-order/qr.json", Json.object().put("orderid", "551234567890")
                .put("source", "qr")), 404, "invalid_order", "ORDER_NOT_FOUND");
        assertLoggedError(withBody("kbank-create-order/qr.json", Json.object().put("orderid", "492500004632")
                .put("source", "cash")), 400, "invalid_request", "MALFORMED");
        c.tables().orders().put(new OrderId("551234567891"), (ObjectNode) Json.parse("{\"grandTotal\": 10, \"ownerId\": \"someone-else\"}"),
                DataForm.JSON_STRING);
        assertLoggedError(withBody("kbank-create-order/qr.json", Json.object().put("orderid", "551234567891")
                .put("source", "qr")), 403, "forbidden", "OTHER_OWNER");
        c.tables().orders().put(new OrderId("551234567892"), (ObjectNode) Json.parse("{\"note\": \"no total\"}"),
                DataForm.JSON_STRING);
        assertLoggedError(withBody("kbank-create-order/qr.json", Json.object().put("orderid", "551234567892")
                .put("source", "qr")), 400, "invalid_order", "ORDER_WITHOUT_TOTAL");
    }

    @Test
    void kbankNotAnsweringIsA503ToRetryAndIsLoggedWithItsKind() {
        suite.kbank().respond("POST", "/qr/v2/order", 503, "down");
        try {
            assertLoggedError(Handlers.event("kbank-create-order/qr.json"), 503, "kbank_unavailable", "KBANK_UNAVAILABLE");
        } finally {
            suite.kbank().reset();
        }
    }

    @Test
    void anUnknownOrderIsAnsweredAsSeed003DocumentsIt() {
        ApiAnswer answer = Handlers.api(handler, withBody("kbank-create-order/qr.json", Json.object()
                .put("orderid", "551234567899").put("source", "qr")));

        assertEquals(404, answer.status(), answer.body());
        assertEquals(Json.parse("{\"error\": {\"code\": \"invalid_order\", \"message\": \"Invalid order ID.\"}}"),
                answer.json(), "seed 003's error, word for word");
    }

    /**
     * Answers the event, checks the answer, and checks that exactly one error log entry of that type came of it: a
     * refusal's typed by its reason (what replay and the worklist know a refusal by), the others' by their kind.
     */
    private static void assertLoggedError(String event, int status, String code, String errorType) {
        boolean retryable = !FailureKind.isRefusal(errorType);
        long before = entries(errorType);
        ApiAnswer answer = Handlers.api(handler, event);
        assertError(answer, status, code);
        assertEquals(before + 1, entries(errorType), "one error log entry typed " + errorType);
        assertEquals(retryable, answer.json().path("error").path("message").asText().contains("reference"), answer.body());
    }

    private static long entries(String errorType) {
        return c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> CreateOrderService.FUNCTION.equals(e.functionName()) && errorType.equals(e.errorType()))
                .count();
    }
}
