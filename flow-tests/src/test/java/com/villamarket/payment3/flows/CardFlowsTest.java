package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardcallback.CardCallbackService;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.cardtoken.CardTokenService;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.MailAndTopicNotifier;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.processpaidorder.ProcessPaidOrderHandler;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.TestContext;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.once.StepState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The card flows of seed 002 across all five functions: card-token, card-callback,
 * process-paid-order, kbank-create-user and kbank-add-card, wired as in production and chained by
 * an in-process asynchronous invoker, against DynamoDB Local and the KBank stub. SES is Mockito.
 */
class CardFlowsTest {

    private static final String PAY_FUNCTION = "shop-pay-function";
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
    static void start() {
        suite = LocalSuite.start();
        suite.createMasterTable("payment3-card-payment-record-master");
        test = TestComponents.on(suite, env -> env.put("PAY_FUNCTION_NAME", PAY_FUNCTION));
        c = test.components();
        invoker = test.invoker();
        topic = test.topic();
        cardToken = new CardTokenHandler(c);
        cardCallback = new CardCallbackHandler(c);
        invoker.registerHandler(c.names().processPaidOrderFunction(), new ProcessPaidOrderHandler(c))
                .registerHandler(c.names().kbankCreateUserFunction(), new CreateUserHandler(c))
                .registerHandler(c.names().kbankAddCardFunction(), new AddCardHandler(c))
                .register(PAY_FUNCTION, payload -> { });
    }

    @AfterAll
    static void stop() {
        suite.close();
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext("card-flows"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode response = Json.parse(out.toString(StandardCharsets.UTF_8));
        return new Answer(response.path("statusCode").asInt(), response.path("body").asText());
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

    private static String newOrder(String total) {
        String id = String.format("4400%08d", ++seq);
        c.orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"), DataForm.JSON_STRING);
        return id;
    }

    private static Order order(String id) {
        return c.orders().find(new OrderId(id)).orElseThrow();
    }

    private static CardPaymentRecord record(String token) {
        return c.cardPaymentRecords().findByToken(token).orElseThrow();
    }

    private static List<ProcessPaidOrderLog> rows(String order, String outcome) {
        return c.processPaidOrderLog().forOrder(order).stream().filter(r -> outcome.equals(r.outcome())).toList();
    }

    /** kbank-create-user run as Lambda runs it; its answer's body names what it did. */
    private static String createUser(String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new CreateUserHandler(c).handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext("create-user"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parse(out.toString(StandardCharsets.UTF_8)).path("body").asText();
    }

    private static CheckStatus lastCheck(String order) {
        List<CheckStatus> checks = c.checkStatus().forOrder(order);
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
        c.orders().put(new OrderId("492500005643"), (ObjectNode) Json.parse("{\"grandTotal\": 250.5}"), DataForm.JSON_STRING);
        suite.kbank().cardToken("tokn_test_sample_authorized", "authorized", "chrg_test_sample_authorized");

        Answer answer = call(cardToken, RepoFiles.read("events/card-token/authorized.json"));

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("URL='" + RESULT_URL + "?orderId=492500005643&amp;status=success"), answer.body());
        CardPaymentRecord record = record("tokn_test_sample_authorized");
        assertEquals("chrg_test_sample_authorized", record.chargeId());
        assertTrue(record.paid());
        assertEquals(Money.of("250.50"), record.amount());
        JsonNode charged = Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge"));
        assertEquals("250.50", charged.path("amount").decimalValue().toPlainString());
        assertEquals("492500005643", charged.path("reference_order").asText());
        assertEquals("token", charged.path("mode").asText());

        runAsync();

        Order paid = order("492500005643");
        assertEquals("chrg_test_sample_authorized", paid.paidChargeId());
        assertEquals("card", paid.data().path("payment").path("paymentMethod").asText());
        assertTrue(lastCheck("492500005643").success());
        assertEquals(1, rows("492500005643", "PAID").size());
        assertEquals(1, invoker.invocationsOf(PAY_FUNCTION).size());
        assertEquals("492500005643", Json.parse(invoker.invocationsOf(PAY_FUNCTION).get(0).payload()).path("orderId").asText());
        assertMails(1);
        assertEquals(1, suite.kbank().customers().size(), "saveCard true: the card is kept");
        assertEquals(List.of("tokn_test_sample_authorized"), suite.kbank().customers().values().iterator().next());
        assertTrue(c.kbankUserMapping().kbankId("owner-001").isPresent());
    }

    @Test
    void threeDSecureThenCallbackPaysTheOrderAndDoesNotKeepTheCardUnasked() {
        c.orders().put(new OrderId("492500005644"), (ObjectNode) Json.parse("{\"grandTotal\": 99}"), DataForm.JSON_STRING);
        suite.kbank().cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");

        Answer started = call(cardToken, RepoFiles.read("events/card-token/3ds.json"));

        assertEquals(200, started.status());
        assertTrue(started.body().contains("/_3ds/chrg_test_sample_3ds"), started.body());
        assertFalse(record("tokn_test_sample_3ds").paid());
        assertTrue(invoker.invocations().isEmpty());

        suite.kbank().complete3ds("chrg_test_sample_3ds", true);
        Answer callback = call(cardCallback, RepoFiles.read("events/card-callback/paid.json"));

        assertEquals(200, callback.status());
        assertTrue(callback.body().contains("URL='" + RESULT_URL + "?orderId=492500005644&amp;status=success"), callback.body());
        assertTrue(record("tokn_test_sample_3ds").paid());
        assertEquals(1, c.creditCardNotify().forCharge("chrg_test_sample_3ds").size());
        runAsync();
        assertEquals("chrg_test_sample_3ds", order("492500005644").paidChargeId());
        assertTrue(invoker.invocationsOf(c.names().kbankCreateUserFunction()).isEmpty(), "saveCard false: no card kept");
        assertTrue(suite.kbank().customers().isEmpty());
    }

    @Test
    void declinedCardGetsAPageWithTheReasonAndTheRecordIsKept() {
        c.orders().put(new OrderId("492500005645"), (ObjectNode) Json.parse("{\"grandTotal\": 10}"), DataForm.JSON_STRING);
        suite.kbank().cardToken("tokn_test_sample_declined", "declined", "chrg_test_sample_declined");

        Answer answer = call(cardToken, RepoFiles.read("events/card-token/declined.json"));

        assertEquals(402, answer.status());
        assertTrue(answer.body().contains("declined by its issuer"), answer.body());
        CardPaymentRecord record = record("tokn_test_sample_declined");
        assertEquals("chrg_test_sample_declined", record.chargeId());
        assertFalse(record.paid());
        // Declined for good: handed on at once, as a callback's would be, for ProcessPaidOrder to record and notify.
        assertEquals(1, invoker.invocationsOf(c.names().processPaidOrderFunction()).size());
        runAsync();
        assertFalse(order("492500005645").isPaid());
        assertEquals(1, rows("492500005645", "NOT_PAID").size());
        assertTrue(topic.stream().anyMatch(m -> m.contains("order.payment_failed")));
    }

    @Test
    void callbackForAnUnknownChargeIsRejectedAndLogged() {
        Answer answer = call(cardCallback, RepoFiles.read("events/card-callback/unknown.json"));

        assertEquals(400, answer.status());
        assertTrue(invoker.invocations().isEmpty());
        assertTrue(c.callbackErrorLog().scanAll().stream().anyMatch(e -> e.rawEvent().contains("req-cb-unknown")));
    }

    @Test
    void callbackSayingTrueForAChargeKBankDeclinedLeavesTheOrderUnpaid() {
        String order = newOrder("120");
        String token = suite.kbank().cardToken("3ds");
        call(cardToken, pay(token, order, false));
        String charge = record(token).chargeId();
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
        String charge = record(token).chargeId();
        suite.kbank().complete3ds(charge, true);

        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(cardCallback, callbackFor(charge, token, "true")).status());
        }
        String json = event("events/card-callback/json.json", Map.of("id", charge, "token", token));
        assertEquals(200, call(cardCallback, json).status());

        assertEquals(1, invoker.invocationsOf(c.names().processPaidOrderFunction()).size());
        runAsync();
        runAsync();
        assertEquals(1, rows(order, "PAID").size());
        assertMails(1);
        assertEquals(4, c.creditCardNotify().forCharge(charge).size(), "every callback is recorded");
    }

    @Test
    void callbackWithAnotherTokenThanTheChargesIsRejected() {
        String order = newOrder("10");
        String token = suite.kbank().cardToken("3ds");
        call(cardToken, pay(token, order, false));
        String charge = record(token).chargeId();
        suite.kbank().complete3ds(charge, true);

        Answer answer = call(cardCallback, callbackFor(charge, "tokn_test_forged", "true"));

        assertEquals(409, answer.status());
        assertTrue(invoker.invocations().isEmpty());
    }

    @Test
    void chargeRecordedOnlyInMastersTableIsFoundThere() {
        String order = newOrder("42");
        CardPaymentRecordRepository master = new CardPaymentRecordRepository(suite.dynamoDb(),
                "payment3-card-payment-record-master");
        String token = suite.kbank().cardToken("3ds");
        suite.kbank().cardToken(token, "3ds", "chrg_test_master_" + seq);
        master.create(CardPaymentRecord.fresh(token, order, Money.of("42"), null, false, null, Instant.now()));
        // The charge as KBank made it for the master branch's stack.
        c.kbank().createCardCharge(new CardChargeRequest(Money.of("42"),
                "Order " + order, token, order));
        master.setCharge(token, "chrg_test_master_" + seq);
        suite.kbank().complete3ds("chrg_test_master_" + seq, true);

        Answer answer = call(cardCallback, callbackFor("chrg_test_master_" + seq, token, "true"));

        assertEquals(200, answer.status(), answer.body());
        assertTrue(master.findByToken(token).orElseThrow().paid(), "updated where it was found");
        assertTrue(c.cardPaymentRecords().findByToken(token).isEmpty());
        runAsync();
        assertEquals("chrg_test_master_" + seq, order(order).paidChargeId());
    }

    @Test
    void addCardSavesTheCardAndVoidsTheVerificationCharge() {
        suite.kbank().cardToken("tokn_test_sample_addcard", "3ds", "chrg_test_sample_addcard");

        Answer started = call(cardToken, event("events/card-token/addcard.json", Map.of("ownerId", "owner-addcard")));
        assertEquals(200, started.status());
        assertEquals("1.00", Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge")).path("amount")
                .decimalValue().toPlainString());
        suite.kbank().complete3ds("chrg_test_sample_addcard", true);

        Answer callback = call(cardCallback, formEvent("events/card-callback/paid.json",
                "objectId=chrg_test_sample_addcard&token=tokn_test_sample_addcard&status=true"));

        assertEquals(200, callback.status(), callback.body());
        assertEquals("Voided", suite.kbank().charge("/card/v2/charge/chrg_test_sample_addcard").path("transaction_state").asText());
        assertTrue(invoker.invocationsOf(c.names().processPaidOrderFunction()).isEmpty(), "no order processing");
        runAsync();
        assertEquals(List.of("tokn_test_sample_addcard"), suite.kbank().customers().values().iterator().next());

        // A replayed callback neither voids again nor keeps the card twice.
        assertEquals(200, call(cardCallback, formEvent("events/card-callback/paid.json",
                "objectId=chrg_test_sample_addcard&token=tokn_test_sample_addcard&status=true")).status());
        assertEquals(1, invoker.invocationsOf(c.names().kbankCreateUserFunction()).size());
    }

    @Test
    void addCardAuthorizedAtOnceIsVoidedAndKept() {
        String token = suite.kbank().cardToken("authorized");
        Answer answer = call(cardToken, event("events/card-token/addcard.json", Map.of("token", token, "ownerId", "owner-at-once")));
        assertEquals(200, answer.status());
        String charge = record(token).chargeId();
        assertEquals("Voided", suite.kbank().charge("/card/v2/charge/" + charge).path("transaction_state").asText());
        runAsync();
        assertEquals(1, suite.kbank().customers().size());
    }

    @Test
    void existingCustomerGetsTheCardAdded() {
        suite.kbank().existingCustomer("cust_test_existing");
        c.kbankUserMapping().put("owner-existing", "cust_test_existing");
        String order = newOrder("55");
        String token = suite.kbank().cardToken("authorized");

        call(cardToken, event("events/card-token/authorized.json",
                Map.of("token", token, "orderId", order, "ownerId", "owner-existing", "saveCard", "true")));
        runAsync();

        assertEquals(1, invoker.invocationsOf(c.names().kbankAddCardFunction()).size());
        assertEquals(List.of(token), suite.kbank().customers().get("cust_test_existing"));
        assertEquals(1, suite.kbank().customers().size(), "no second KBank customer");
    }

    @Test
    void twoConcurrentFirstPaymentsOfOneCustomerCreateOneKBankCustomer() throws Exception {
        String first = suite.kbank().cardToken("authorized");
        String second = suite.kbank().cardToken("authorized");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (String token : List.of(first, second)) {
            outcomes.add(pool.submit((Callable<String>) () -> {
                go.await();
                return createUser("{\"ownerId\":\"owner-twice\",\"token\":\"" + token + "\"}");
            }));
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertTrue(results.contains("CREATED"), results.toString());
        assertTrue(results.contains("ADD_CARD_INVOKED"), results.toString());
        runAsync();
        assertEquals(1, suite.kbank().customers().size());
        List<String> cards = suite.kbank().customers().values().iterator().next();
        assertEquals(2, cards.size());
        assertTrue(cards.containsAll(List.of(first, second)));
    }

    @Test
    void cardPaymentRequestsAreCheckedBeforeKBankIsAsked() {
        assertEquals(400, call(cardToken, RepoFiles.read("events/card-token/malformed.json")).status());
        String missing = suite.kbank().cardToken("authorized");
        assertEquals(404, call(cardToken, pay(missing, "330000000000", false)).status());

        String order = newOrder("10");
        Order read = order(order);
        c.orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_earlier"), Instant.now());
        assertEquals(409, call(cardToken, pay(suite.kbank().cardToken("authorized"), order, false)).status());

        String saveWithoutOwner = event("events/card-token/authorized.json",
                Map.of("token", suite.kbank().cardToken("authorized"), "orderId", newOrder("5"), "ownerId", ""));
        assertEquals(400, call(cardToken, saveWithoutOwner).status());
        assertEquals(0, suite.kbank().calls("POST", "/card/v2/charge"), "KBank was never asked");
    }

    @Test
    void aTokenPaysOnce() {
        String order = newOrder("10");
        String token = suite.kbank().cardToken("authorized");
        assertEquals(200, call(cardToken, pay(token, order, false)).status());
        assertEquals(409, call(cardToken, pay(token, newOrder("10"), false)).status());
        assertEquals(1, suite.kbank().calls("POST", "/card/v2/charge"));
    }

    @Test
    void callbackUrlOffTheAllowListIsReplacedByTheThankYouPage() {
        String order = newOrder("10");
        String token = suite.kbank().cardToken("authorized");
        Answer answer = call(cardToken, event("events/card-token/authorized.json", Map.of("token", token, "orderId", order,
                "saveCard", "false", "callback", "https://evil.example/steal")));
        assertEquals(200, answer.status());
        assertFalse(answer.body().contains("evil.example"));
        assertTrue(answer.body().contains("URL='https://shop.villamarket.com/thankyou?orderId=" + order));
        assertNull(c.cardPaymentRecords().findByToken("tokn_none").orElse(null));
    }

    @Test
    void aFailedCustomerCreationDoesNotBlockTheNextAttempt() {
        String token = suite.kbank().cardToken("authorized");
        suite.kbank().respond("POST", "/card/v2/customer", 503, "busy");
        String payload = "{\"ownerId\":\"owner-retry\",\"token\":\"" + token + "\"}";

        assertThrows(RuntimeException.class, () -> createUser(payload));
        assertTrue(c.kbankUserMapping().kbankId("owner-retry").isEmpty());
        assertEquals(StepState.NONE, StepState.of(suite.dynamoDb().getItem(r -> r.tableName(c.names().kbankUserMappingTable())
                .key(Map.of("ownerId", AttributeValue.fromS("owner-retry")))).item(), "payment3Create"),
                "the claim is given back");

        suite.kbank().reset();
        suite.kbank().cardToken(token, "authorized", "chrg_test_unused");
        assertEquals("CREATED", createUser(payload));
        assertEquals(1, suite.kbank().customers().size());
    }

    @Test
    void processPaidOrderReadsTheRecordByTokenNotThroughTheLaggingIndex() {
        String order = newOrder("10");
        String token = suite.kbank().cardToken("authorized");
        call(cardToken, pay(token, order, false));

        JsonNode payload = Json.parse(invoker.invocationsOf(c.names().processPaidOrderFunction()).get(0).payload());
        assertEquals(token, payload.path("tokenId").asText());
        assertEquals(record(token).chargeId(), payload.path("chargeId").asText());
    }
}
