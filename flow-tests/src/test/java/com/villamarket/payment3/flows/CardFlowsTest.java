package com.villamarket.payment3.flows;

import com.villamarket.payment3.common.ids.ChargeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.processpaidorder.ProcessPaidOrderHandler;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The card flows of seed 002 across all five functions: card-token, card-callback,
 * process-paid-order, kbank-create-user and kbank-add-card, wired as in production and chained by
 * an in-process asynchronous invoker, against moto's DynamoDB and the KBank stub. SES is Mockito.
 */
@LocalSuiteTest(variables = "PAY_FUNCTION_NAME=" + CardFlowsTest.PAY_FUNCTION)
class CardFlowsTest {

    static final String PAY_FUNCTION = "shop-pay-function";
    private static final String RESULT_URL = "https://shop.villamarket.com/checkout/result";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static InProcessInvoker invoker;
    private static List<String> topic;
    private static CardTokenHandler cardToken;
    private static CardCallbackHandler cardCallback;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        suite.createMasterTable("payment3-card-payment-record-master");
        test = parts;
        c = test.admin();
        invoker = test.invoker();
        topic = test.topic();
        // Each function over its own role, as on AWS.
        cardToken = new CardTokenHandler(test.as("CardTokenFunction"));
        cardCallback = new CardCallbackHandler(test.as("CardCallbackFunction"));
        invoker.registerHandler(c.platform().names().processPaidOrderFunction(), new ProcessPaidOrderHandler(test.as("ProcessPaidOrderFunction")))
                .registerHandler(c.platform().names().kbankCreateUserFunction(), new CreateUserHandler(test.as("KBankCreateUserFunction")))
                .registerHandler(c.platform().names().kbankAddCardFunction(), new AddCardHandler(test.as("KBankAddCardFunction")))
                .register(PAY_FUNCTION, payload -> { });
    }

    @BeforeEach
    void resetFakes() {
        suite.kbank().reset();
        invoker.clear();
        topic.clear();
        reset(test.ses());
    }

    record Answer(int status, String body) {
    }

    private static Answer call(RequestStreamHandler handler, String event) {
        Handlers.ApiAnswer answer = Handlers.api(handler, event);
        return new Answer(answer.status(), answer.body());
    }

    /** A sample event of events/ with its body fields replaced (JSON bodies) or its body replaced (forms). */
    private static String event(String file, Map<String, String> jsonFields) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read(file));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        jsonFields.forEach(body::put);
        event.put("body", Json.write(body));
        return Json.write(event);
    }

    private static String formEvent(String file, String body) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read(file));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    /** A new order of the sample events' customer, {@code owner-001}. */
    private static String newOrder(String total) {
        return newOrder(total, "owner-001");
    }

    private static String newOrder(String total, String owner) {
        String id = String.format("4400%08d", ++seq);
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + ", \"ownerId\": \"" + owner
                + "\"}"), DataForm.JSON_STRING);
        return id;
    }

    /** The event as API Gateway passes it on once a Cognito authorizer signed {@code owner} in. */
    private static String signedIn(String event, String owner) {
        ObjectNode node = (ObjectNode) Json.parse(event);
        ((ObjectNode) node.path("requestContext")).putObject("authorizer").putObject("claims").put("sub", owner);
        return Json.write(node);
    }

    private static Order order(String id) {
        return c.tables().orders().find(new OrderId(id)).orElseThrow();
    }

    private static CardPaymentRecord record(String token) {
        return c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
    }

    private static List<ProcessPaidOrderLog> rows(String order, String outcome) {
        return c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.valueOf(outcome)).toList();
    }

    private static CheckStatus lastCheck(String order) {
        List<CheckStatus> checks = c.tables().checkStatus().forOrder(new OrderId(order));
        return checks.get(checks.size() - 1);
    }

    private static void runAsync() {
        assertEquals(List.of(), invoker.runAll());
    }

    private static void assertMails(int count) {
        verify(test.ses(), times(count)).sendEmail(any(), any(), any(), any());
    }

    private static String pay(String token, String order, boolean saveCard) {
        return event("events/card-token/authorized.json", Map.of("token", token, "orderId", order,
                "saveCard", Boolean.toString(saveCard)));
    }

    private static String callbackFor(String chargeId, String token, String status) {
        return formEvent("events/card-callback/paid.json",
                "objectId=" + chargeId + "&token=" + token + "&status=" + status + "&saveCard=false&message=");
    }

    @Test
    void cardAuthorizedAtOncePaysTheOrderOnceAndKeepsTheCard() {
        c.tables().orders().put(new OrderId("492500005643"), (ObjectNode) Json.parse("{\"grandTotal\": 250.5, \"ownerId\": \"owner-001\"}"),
                DataForm.JSON_STRING);
        suite.kbank().cardToken("tokn_test_sample_authorized", "authorized", "chrg_test_sample_authorized");

        Answer answer = call(cardToken, RepoFiles.read("events/card-token/authorized.json"));

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("URL='" + RESULT_URL + "?orderId=492500005643&amp;status=success"), answer.body());
        CardPaymentRecord record = record("tokn_test_sample_authorized");
        assertEquals("chrg_test_sample_authorized", record.chargeId().value());
        assertTrue(record.paid());
        assertEquals(Money.of("250.50"), record.amount());
        JsonNode charged = Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge"));
        assertEquals("250.50", charged.path("amount").decimalValue().toPlainString());
        assertEquals("492500005643", charged.path("reference_order").asText());
        assertEquals("token", charged.path("mode").asText());

        runAsync();

        Order paid = order("492500005643");
        assertEquals("chrg_test_sample_authorized", paid.paidChargeId().value());
        assertEquals("card", paid.data().path("payment").path("paymentMethod").asText());
        assertTrue(lastCheck("492500005643").success());
        assertEquals(1, rows("492500005643", "PAID").size());
        assertEquals(1, invoker.invocationsOf(PAY_FUNCTION).size());
        assertEquals("492500005643", Json.parse(invoker.invocationsOf(PAY_FUNCTION).get(0).payload()).path("orderId").asText());
        assertMails(1);
        assertEquals(1, suite.kbank().customers().size(), "saveCard true: the card is kept");
        assertEquals(List.of("tokn_test_sample_authorized"), suite.kbank().customers().values().iterator().next());
        assertTrue(c.tables().kbankUserMapping().kbankId(new OwnerId("owner-001")).isPresent());
    }

    @Test
    void threeDSecureThenCallbackPaysTheOrderAndDoesNotKeepTheCardUnasked() {
        c.tables().orders().put(new OrderId("492500005644"), (ObjectNode) Json.parse("{\"grandTotal\": 99, \"ownerId\": \"owner-001\"}"),
                DataForm.JSON_STRING);
        suite.kbank().cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");

        Answer started = call(cardToken, RepoFiles.read("events/card-token/3ds.json"));

        assertEquals(200, started.status());
        assertTrue(started.body().contains("/_3ds/chrg_test_sample_3ds"), started.body());
        assertFalse(record("tokn_test_sample_3ds").paid());
        assertTrue(invoker.invocations().isEmpty());

        suite.kbank().complete3ds("chrg_test_sample_3ds", true);
        Answer callback = call(cardCallback, callbackFor("chrg_test_sample_3ds", "tokn_test_sample_3ds", "true"));

        assertEquals(200, callback.status());
        assertTrue(callback.body().contains("URL='" + RESULT_URL + "?orderId=492500005644&amp;status=success"), callback.body());
        assertTrue(record("tokn_test_sample_3ds").paid());
        assertEquals(1, c.tables().creditCardNotify().forCharge(new ChargeId("chrg_test_sample_3ds")).size());
        runAsync();
        assertEquals("chrg_test_sample_3ds", order("492500005644").paidChargeId().value());
        assertTrue(invoker.invocationsOf(c.platform().names().kbankCreateUserFunction()).isEmpty(), "saveCard false: no card kept");
        assertTrue(suite.kbank().customers().isEmpty());
    }

    @Test
    void callbackSayingTrueForAChargeKBankDeclinedLeavesTheOrderUnpaid() {
        String order = newOrder("120");
        String token = suite.kbank().cardToken("3ds");
        call(cardToken, pay(token, order, false));
        String charge = record(token).chargeId().value();
        suite.kbank().complete3ds(charge, false);

        Answer answer = call(cardCallback, callbackFor(charge, token, "true"));

        assertEquals(402, answer.status());
        assertFalse(record(token).paid());
        runAsync();
        assertFalse(order(order).isPaid());
        assertEquals(1, rows(order, "NOT_PAID").size());
        assertFalse(lastCheck(order).success());
        assertTrue(topic.get(0).contains("order.payment_failed"));
    }

    @Test
    void replayedCallbacksPayOnceAndNotifyOnce() {
        String order = newOrder("75.25");
        String token = suite.kbank().cardToken("3ds");
        call(cardToken, pay(token, order, false));
        String charge = record(token).chargeId().value();
        suite.kbank().complete3ds(charge, true);

        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(cardCallback, callbackFor(charge, token, "true")).status());
        }
        String json = event("events/card-callback/json.json", Map.of("id", charge, "token", token));
        assertEquals(200, call(cardCallback, json).status());

        assertEquals(1, invoker.invocationsOf(c.platform().names().processPaidOrderFunction()).size());
        runAsync();
        runAsync();
        assertEquals(1, rows(order, "PAID").size());
        assertMails(1);
        assertEquals(4, c.tables().creditCardNotify().forCharge(new ChargeId(charge)).size(), "every callback is recorded");
    }

    @Test
    void addCardSavesTheCardAndVoidsTheVerificationCharge() {
        suite.kbank().cardToken("tokn_test_sample_addcard", "3ds", "chrg_test_sample_addcard");

        Answer started = call(cardToken, signedIn(event("events/card-token/addcard.json", Map.of("ownerId", "owner-addcard")),
                "owner-addcard"));
        assertEquals(200, started.status());
        assertEquals("1.00", Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge")).path("amount")
                .decimalValue().toPlainString());
        suite.kbank().complete3ds("chrg_test_sample_addcard", true);

        Answer callback = call(cardCallback, formEvent("events/card-callback/paid.json",
                "objectId=chrg_test_sample_addcard&token=tokn_test_sample_addcard&status=true"));

        assertEquals(200, callback.status(), callback.body());
        assertEquals("Voided", suite.kbank().charge("/card/v2/charge/chrg_test_sample_addcard").path("transaction_state").asText());
        assertTrue(invoker.invocationsOf(c.platform().names().processPaidOrderFunction()).isEmpty(), "no order processing");
        runAsync();
        assertEquals(List.of("tokn_test_sample_addcard"), suite.kbank().customers().values().iterator().next());

        // A replayed callback neither voids again nor keeps the card twice.
        assertEquals(200, call(cardCallback, formEvent("events/card-callback/paid.json",
                "objectId=chrg_test_sample_addcard&token=tokn_test_sample_addcard&status=true")).status());
        assertEquals(1, invoker.invocationsOf(c.platform().names().kbankCreateUserFunction()).size());
    }

    @Test
    void addCardAuthorizedAtOnceIsVoidedAndKept() {
        String token = suite.kbank().cardToken("authorized");
        Answer answer = call(cardToken, signedIn(event("events/card-token/addcard.json", Map.of("token", token, "ownerId",
                "owner-at-once")), "owner-at-once"));
        assertEquals(200, answer.status());
        String charge = record(token).chargeId().value();
        assertEquals("Voided", suite.kbank().charge("/card/v2/charge/" + charge).path("transaction_state").asText());
        runAsync();
        assertEquals(1, suite.kbank().customers().size());
    }

    @Test
    void existingCustomerGetsTheCardAdded() {
        suite.kbank().existingCustomer("cust_test_existing");
        c.tables().kbankUserMapping().put(new OwnerId("owner-existing"), "cust_test_existing");
        String order = newOrder("55", "owner-existing");
        String token = suite.kbank().cardToken("authorized");

        call(cardToken, event("events/card-token/authorized.json",
                Map.of("token", token, "orderId", order, "ownerId", "owner-existing", "saveCard", "true")));
        runAsync();

        assertEquals(1, invoker.invocationsOf(c.platform().names().kbankAddCardFunction()).size());
        assertEquals(List.of(token), suite.kbank().customers().get("cust_test_existing"));
        assertEquals(1, suite.kbank().customers().size(), "no second KBank customer");
    }

    @Test
    void processPaidOrderReadsTheRecordByTokenNotThroughTheLaggingIndex() {
        String order = newOrder("10");
        String token = suite.kbank().cardToken("authorized");
        call(cardToken, pay(token, order, false));

        JsonNode payload = Json.parse(invoker.invocationsOf(c.platform().names().processPaidOrderFunction()).get(0).payload());
        assertEquals(token, payload.path("tokenId").asText());
        assertEquals(record(token).chargeId().value(), payload.path("chargeId").asText());
    }
}
