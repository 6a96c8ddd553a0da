package com.villamarket.payment3.cardcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Handlers.ApiAnswer;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** POST /callback with its sample events, against moto's DynamoDB and the KBank stub. */
@LocalSuiteTest
class CardCallbackHandlerTest {

    private static final String MASTER = "payment3-card-payment-record-master";
    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static CardCallbackHandler handler;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        suite.createMasterTable(MASTER);
        test = parts;
        c = test.admin();
        handler = new CardCallbackHandler(test.function());
    }


    /** What card-token leaves for an order paid with a token that needs 3-D Secure: the record and KBank's charge. */
    private static void charged(CardPaymentRecordRepository records, String order, String token, String charge) {
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 250.5}"), DataForm.JSON_STRING);
        suite.kbank().cardToken(token, "3ds", charge);
        records.create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order), Money.of("250.50"),
                "https://shop.villamarket.com/checkout/result", false, new OwnerId("owner-001"), Instant.now()));
        c.platform().kbank().createCardCharge(new CardChargeRequest(Money.of("250.50"), "Order " + order, new CardToken(token),
                new OrderId(order)));
        records.setCharge(new CardToken(token), new ChargeId(charge));
    }

    @Test
    void theSampleCallbacksInEachEncodingPayOnceAndSendTheBrowserBack() {
        charged(c.tables().cardPaymentRecords(), "492500005646", "tokn_test_sample_paid", "chrg_test_sample_paid");
        suite.kbank().complete3ds("chrg_test_sample_paid", true);

        for (String sample : List.of("paid.json", "json.json", "base64.json")) {
            ApiAnswer answer = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/card-callback/" + sample));
            assertEquals(200, answer.status(), sample + ": " + answer.body());
            assertTrue(answer.body().contains("URL='https://shop.villamarket.com/checkout/result?orderId=492500005646"
                    + "&amp;status=success"), answer.body());
        }
        assertEquals(1, test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).stream()
                .filter(i -> i.payload().contains("chrg_test_sample_paid")).count(), "handed on once");
        assertTrue(c.tables().cardPaymentRecords().findByToken(new CardToken("tokn_test_sample_paid")).orElseThrow().paid());
        assertEquals(3, c.tables().creditCardNotify().forCharge(new ChargeId("chrg_test_sample_paid")).size(), "every callback is recorded");
    }

    @Test
    void aPaidCallbackCostsFourDynamoDbCallsWhatKBankSaidSetWithTheHandOnsClaim(TestComponents.Builder parts) {
        String order = order();
        String token = "tokn_test_cb_calls" + seq;
        String charge = "chrg_test_cb_calls" + seq;
        charged(c.tables().cardPaymentRecords(), order, token, charge);
        suite.kbank().complete3ds(charge, true);
        List<String> calls = new java.util.ArrayList<>();
        TestComponents counted = parts.afterEachCall(calls::add).build();

        ApiAnswer answer = Handlers.api(new CardCallbackHandler(counted.function()), callback(charge, token));

        assertEquals(200, answer.status(), answer.body());
        String table = c.tables().cardPaymentRecords().tableName();
        assertEquals(List.of("dynamodb queryPaginator " + table, "kbank GET /card/v2/charge/" + charge,
                "dynamodb putItem " + c.platform().names().creditCardNotifyTable(), "dynamodb updateItem " + table,
                "invoke " + c.platform().names().processPaidOrderFunction(), "dynamodb updateItem " + table), calls,
                "find the record, ask KBank, record the callback, claim the hand-on with paid set, hand on, done");
        assertTrue(c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().paid());
        assertEquals(1, counted.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size());
    }

    @Test
    void aCallbackBeforeThreeDSecureIsFinishedIsPendingNotRefused() {
        String order = order();
        charged(c.tables().cardPaymentRecords(), order, "tokn_test_cb_early" + seq, "chrg_test_cb_early" + seq);

        ApiAnswer answer = Handlers.api(handler, callback("chrg_test_cb_early" + seq, "tokn_test_cb_early" + seq));

        assertEquals(202, answer.status(), answer.body());
        assertTrue(answer.body().contains("Please do not pay again"), answer.body());
        assertTrue(test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).stream()
                .noneMatch(i -> i.payload().contains(order)));
        assertTrue(errorsAbout("chrg_test_cb_early" + seq).isEmpty(), "nothing failed: not an error");
    }

    @ParameterizedTest
    @Event(value = "events/card-callback/unknown.json", type = APIGatewayProxyRequestEvent.class)
    void anUnknownChargeIsRefusedAndLoggedWithItsRawEvent(APIGatewayProxyRequestEvent sample) {
        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("no card payment is recorded for charge chrg_test_nobody_knows"), answer.body());
        List<CallbackError> logged = errorsAbout("chrg_test_nobody_knows");
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).rawEvent().contains("objectId=chrg_test_nobody_knows"));
    }

    @Test
    void aCallbackWithoutObjectIdSaysSo() {
        ApiAnswer answer = Handlers.api(handler, callbackBody("token=tokn_test_x&status=true"));
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("objectId is missing"), answer.body());
    }

    @Test
    void anotherTokenThanTheChargesIsRefused() {
        String order = order();
        charged(c.tables().cardPaymentRecords(), order, "tokn_test_cb_own" + seq, "chrg_test_cb_own" + seq);
        suite.kbank().complete3ds("chrg_test_cb_own" + seq, true);

        assertEquals(409, Handlers.api(handler, callback("chrg_test_cb_own" + seq, "tokn_test_forged")).status());
    }

    @Test
    void aChargeRecordedOnlyInMastersTableIsCopiedIntoTheBranchsAndFinishedThereOnceLeavingMastersUntouched() {
        String order = order();
        String token = "tokn_test_cb_master" + seq;
        String charge = "chrg_test_cb_master" + seq;
        CardPaymentRecordRepository master = new CardPaymentRecordRepository(suite.dynamoDb(), MASTER);
        charged(master, order, token, charge);
        suite.kbank().complete3ds(charge, true);
        Map<String, AttributeValue> onMaster = masterItem(token);
        int handedOn = test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size();

        ApiAnswer answer = Handlers.api(handler, callback(charge, token));
        ApiAnswer again = Handlers.api(handler, callback(charge, token));

        assertEquals(200, answer.status(), answer.body());
        assertEquals(200, again.status(), "the browser's second callback: " + again.body());
        CardPaymentRecord copy = c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
        assertEquals(new ChargeId(charge), copy.chargeId());
        assertTrue(copy.handOn().isDone(), "finished in the branch's table");
        assertEquals(handedOn + 1, test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size(), "handed on once");
        assertEquals(onMaster, masterItem(token), "master's record is never written");
        assertTrue(suite.front().calls().stream().filter(call -> call.resource().endsWith("/" + MASTER))
                .allMatch(call -> call.action().equals("dynamodb:GetItem") || call.action().equals("dynamodb:Query")),
                suite.front().calls().toString());
    }

    private static Map<String, AttributeValue> masterItem(String token) {
        return suite.dynamoDb().getItem(r -> r.tableName(MASTER).key(Map.of("tokenId", AttributeValue.fromS(token)))
                .consistentRead(true)).item();
    }

    private static String order() {
        return String.format("4900%08d", ++seq);
    }

    private static List<CallbackError> errorsAbout(String charge) {
        return c.tables().callbackErrorLog().scanAll().stream().filter(e -> charge.equals(ReceivedId.textOf(e.chargeId()))).toList();
    }

    private static String callback(String charge, String token) {
        return callbackBody("objectId=" + charge + "&token=" + token + "&status=true&saveCard=false&message=");
    }

    private static String callbackBody(String form) {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("card-callback/paid.json"));
        event.put("body", form);
        return Json.write(event);
    }
}
