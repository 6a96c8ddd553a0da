package com.villamarket.payment3.cardtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Handlers.ApiAnswer;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LostAnswers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** POST /cardpayment with its sample events, against moto's DynamoDB and the KBank stub; asynchronous invocations are queued, not run. */
@LocalSuiteTest
class CardTokenHandlerTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static CardTokenHandler handler;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        handler = new CardTokenHandler(test.function());
        for (String order : List.of("492500005643", "492500005644", "492500005645")) {
            c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 250.5, \"ownerId\": \"owner-001\"}"),
                    DataForm.JSON_STRING);
        }
        // The ADDCARD sample's returning customer, whose KBank customer is mapped.
        c.tables().kbankUserMapping().put(new OwnerId("owner-002"), "cust_test_sample");
    }


    @BeforeEach
    void clear() {
        test.invoker().clear();
    }

    private static CardPaymentRecord record(String token) {
        return c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
    }

    private static List<Invocation> handedOn() {
        return test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction());
    }

    @ParameterizedTest
    @Event(value = "events/card-token/authorized.json", type = APIGatewayProxyRequestEvent.class)
    void aCardAuthorizedAtOnceIsRecordedHandedOnOnceAndTheBrowserGoesBackToTheShop(APIGatewayProxyRequestEvent sample) {
        suite.kbank().cardToken("tokn_test_sample_authorized", "authorized", "chrg_test_sample_authorized");

        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("URL='https://shop.villamarket.com/checkout/result?orderId=492500005643"
                + "&amp;status=success&amp;chargeId=chrg_test_sample_authorized'"), answer.body());
        CardPaymentRecord record = record("tokn_test_sample_authorized");
        assertEquals("chrg_test_sample_authorized", record.chargeId().value());
        assertTrue(record.paid());
        assertTrue(record.handOn().isDone());
        assertTrue(record.saveCard());
        assertEquals(1, handedOn().size());
        JsonNode payload = Json.parse(handedOn().get(0).payload());
        assertEquals("tokn_test_sample_authorized", payload.path("tokenId").asText(), "ProcessPaidOrder reads by token");
        JsonNode charged = Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge"));
        assertEquals("250.50", charged.path("amount").decimalValue().toPlainString(), "the order's total, never the request's");
    }

    @Test
    void aCardAuthorizedAtOnceCostsFourDynamoDbCallsTheChargePaidAndClaimInOneWrite(TestComponents.Builder parts) {
        List<String> calls = new ArrayList<>();
        TestComponents counted = parts.afterEachCall(calls::add).build();
        String order = newOrder();
        String token = suite.kbank().cardToken("authorized");

        ApiAnswer answer = Handlers.api(new CardTokenHandler(counted.function()), pay(token, order));

        assertEquals(200, answer.status(), answer.body());
        String table = c.tables().cardPaymentRecords().tableName();
        assertEquals(List.of("dynamodb getItem " + c.platform().names().orderTable(), "dynamodb putItem " + table,
                "kbank POST /card/v2/charge", "dynamodb updateItem " + table,
                "invoke " + c.platform().names().processPaidOrderFunction(), "dynamodb updateItem " + table), calls,
                "read the order, record the payment, charge, set charge, paid and claim in one write, hand on, done");
        CardPaymentRecord record = record(token);
        assertTrue(record.paid());
        assertTrue(record.handOn().isDone());
        assertEquals(1, counted.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size());
    }

    @Test
    void theChargeWriteResentAfterItsAnswerWasLostIsThisPaymentsOwnAndHandsOnOnce(TestComponents.Builder parts) {
        LostAnswers lossy = LostAnswers.of(r -> r instanceof UpdateItemRequest update
                && update.tableName().equals(c.tables().cardPaymentRecords().tableName()));
        TestComponents losing = parts
                .dynamoDb(d -> lossy.client(suite, "CardTokenFunction")).build();
        String order = newOrder();
        String token = suite.kbank().cardToken("authorized");
        lossy.lose(1);

        ApiAnswer answer = Handlers.api(new CardTokenHandler(losing.function()), pay(token, order));

        assertEquals(1, lossy.lost(), "the charge's write landed, its answer was lost and the SDK sent it again");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(record(token).handOn().isDone());
        assertEquals(1, losing.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size());
    }

    @Test
    void aNotifyThatClaimedTheHandOnBeforeCardTokenWroteTheChargeKeepsItAndCardTokenHandsNothingOn(TestComponents.Builder parts) {
        String order = newOrder();
        String token = "tokn_test_outrun" + (++seq);
        String charge = "chrg_test_outrun" + seq;
        suite.kbank().cardToken(token, "authorized", charge);
        // KBank's notify of the charge outruns card-token: it binds the charge by reference and holds the hand-on.
        TestComponents racing = parts.afterEachCall(call -> {
            if (call.equals("kbank POST /card/v2/charge")) {
                c.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId(charge));
                c.platform().once().claim(c.tables().cardPaymentRecords().handOn(new CardToken(token)), OnceOnly.LEASE, OnceOnly.Condition.NONE);
            }
        }).build();

        ApiAnswer answer = Handlers.api(new CardTokenHandler(racing.function()), pay(token, order));

        assertEquals(200, answer.status(), answer.body());
        assertTrue(racing.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).isEmpty(),
                "the notify holds the hand-on: card-token does not hand the charge on a second time");
        assertTrue(record(token).paid());
        assertTrue(record(token).handOn().isInProgress());
    }

    @ParameterizedTest
    @Event(value = "events/card-token/3ds.json", type = APIGatewayProxyRequestEvent.class)
    void aCardNeedingThreeDSecureSendsTheBrowserToTheBanksPageAndHandsNothingOn(APIGatewayProxyRequestEvent sample) {
        suite.kbank().cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");

        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("/_3ds/chrg_test_sample_3ds"), answer.body());
        assertTrue(answer.body().contains("<title>Confirm the payment with your bank</title>"), answer.body());
        assertTrue(record("tokn_test_sample_3ds").pending());
        assertTrue(handedOn().isEmpty());
    }

    @ParameterizedTest
    @Event(value = "events/card-token/declined.json", type = APIGatewayProxyRequestEvent.class)
    void aDeclinedCardGetsThePageWithKBanksReasonAndIsHandedOnAsFailed(APIGatewayProxyRequestEvent sample) {
        suite.kbank().cardToken("tokn_test_sample_declined", "declined", "chrg_test_sample_declined");

        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(402, answer.status());
        assertTrue(answer.body().contains("declined by its issuer"), answer.body());
        assertFalse(record("tokn_test_sample_declined").paid());
        assertEquals(1, handedOn().size(), "ProcessPaidOrder records the failure and notifies");
        assertFalse(Json.parse(handedOn().get(0).payload()).path("success").asBoolean());
    }

    @ParameterizedTest
    @Event(value = "events/card-token/addcard.json", type = APIGatewayProxyRequestEvent.class)
    void anAddCardVerificationVoidsItsOneBahtAndKeepsTheCard(APIGatewayProxyRequestEvent sample) {
        suite.kbank().cardToken("tokn_test_sample_addcard", "authorized", "chrg_test_sample_addcard");

        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(200, answer.status());
        assertEquals("1.00", Json.parse(suite.kbank().lastBody("POST", "/card/v2/charge")).path("amount").decimalValue()
                .toPlainString());
        assertEquals("Voided", suite.kbank().charge("/card/v2/charge/chrg_test_sample_addcard").path("transaction_state")
                .asText());
        List<Invocation> keep = test.invoker().invocationsOf(c.platform().names().kbankCreateUserFunction());
        assertEquals(1, keep.size());
        assertEquals("owner-002", Json.parse(keep.get(0).payload()).path("ownerId").asText());
        assertTrue(handedOn().isEmpty(), "no order to process");
    }

    @ParameterizedTest
    @Event(value = "events/card-token/malformed.json", type = APIGatewayProxyRequestEvent.class)
    void aMalformedRequestIsRefusedBeforeKBankIsAsked(APIGatewayProxyRequestEvent sample) {
        int charges = suite.kbank().calls("POST", "/card/v2/charge");

        ApiAnswer answer = Handlers.api(handler, sample);

        assertEquals(400, answer.status());
        assertFalse(answer.body().contains("<script>"), answer.body());
        // A card to keep needs its owner: refused before KBank charges it, not found missing afterwards.
        ObjectNode keep = (ObjectNode) Json.parse(pay(suite.kbank().cardToken("authorized"), newOrder()));
        ObjectNode body = (ObjectNode) Json.parse(keep.path("body").asText());
        ApiAnswer noOwner = Handlers.api(handler, Json.write(keep.put("body", Json.write(body.put("saveCard", "true")))));
        assertEquals(400, noOwner.status(), noOwner.body());
        assertEquals(charges, suite.kbank().calls("POST", "/card/v2/charge"));
    }

    @Test
    void aTokenPaysOnceAndAPaidOrderIsNotChargedAgain() {
        String order = newOrder();
        String token = suite.kbank().cardToken("authorized");
        assertEquals(200, Handlers.api(handler, pay(token, order)).status());
        assertEquals(409, Handlers.api(handler, pay(token, newOrder())).status(), "the token was used");
        c.tables().orders().markPaid(c.tables().orders().find(new OrderId(order)).orElseThrow(), Json.object().put("isPaid", true),
                new ChargeId("chrg_test_earlier"), Instant.now());
        ApiAnswer paid = Handlers.api(handler, pay(suite.kbank().cardToken("authorized"), order));
        assertEquals(409, paid.status(), "paid already");
        assertTrue(paid.body().contains("paid already"), paid.body());
    }

    @Test
    void aCallbackUrlOffTheAllowListIsReplacedByTheThankYouPage() {
        String order = newOrder();
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("card-token/authorized.json"));
        event.put("body", Json.write(Json.object().put("token", suite.kbank().cardToken("authorized")).put("orderId", order)
                .put("callback", "https://evil.example/steal")));

        ApiAnswer answer = Handlers.api(handler, Json.write(event));

        assertFalse(answer.body().contains("evil.example"), answer.body());
        assertTrue(answer.body().contains("URL='https://shop.villamarket.com/thankyou?orderId=" + order), answer.body());
    }

    @Test
    void aTokenKBankRefusesIsTheCustomersProblemNotOurs() {
        ApiAnswer answer = Handlers.api(handler, pay("tokn_test_unknown_to_kbank", newOrder()));
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("KBank refused the card (invalid_token)"), answer.body());
    }

    @Test
    void aRecordWriteWhoseAnswerWasLostAndWasSentAgainIsThisPaymentsOwnNotATokenUsedBefore(TestComponents.Builder parts) {
        // The card record's PutItem lands, its answer is lost, and the SDK sends it again (finding 9).
        LostAnswers lossy = LostAnswers.of(r -> r instanceof PutItemRequest put
                && put.tableName().equals(c.tables().cardPaymentRecords().tableName()));
        TestComponents losing = parts
                .dynamoDb(d -> lossy.client(suite, "CardTokenFunction")).build();
        CardTokenHandler lossyHandler = new CardTokenHandler(losing.function());
        String order = newOrder();
        String token = suite.kbank().cardToken("authorized");
        int charges = suite.kbank().calls("POST", "/card/v2/charge");
        lossy.lose(1);

        ApiAnswer answer = Handlers.api(lossyHandler, pay(token, order));

        assertEquals(1, lossy.lost(), "the answer was lost once and the write sent again");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(charges + 1, suite.kbank().calls("POST", "/card/v2/charge"), "charged once");
        assertTrue(record(token).paid());
        assertEquals(1, losing.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size());
        assertEquals(409, Handlers.api(handler, pay(token, newOrder())).status(), "another request with it is refused");
    }

    @Test
    void aBodyNamingAnotherOwnerThanTheOrdersIsRefusedAndLoggedBeforeKBankIsAsked() {
        String order = newOrder("owner-victim");
        String token = suite.kbank().cardToken("authorized");
        int charges = suite.kbank().calls("POST", "/card/v2/charge");

        ApiAnswer answer = Handlers.api(handler, pay(token, order, "owner-attacker", true, null));

        assertEquals(403, answer.status(), answer.body());
        assertTrue(answer.body().contains("is not the owner of order " + order), answer.body());
        assertEquals(charges, suite.kbank().calls("POST", "/card/v2/charge"), "KBank never asked");
        assertTrue(c.tables().cardPaymentRecords().findByToken(new CardToken(token)).isEmpty(), "nothing recorded");
        assertTrue(c.tables().callbackErrorLog().scanAll().stream().anyMatch(e -> "OTHER_OWNER".equals(e.errorType())
                && order.equals(ReceivedId.textOf(e.orderId()))), "a refusal a person sees");
    }

    @Test
    void theCardIsKeptForTheOrdersOwnerWhateverTheBodyLeavesOut() {
        String order = newOrder("owner-of-order");
        String token = suite.kbank().cardToken("authorized");

        ApiAnswer answer = Handlers.api(handler, pay(token, order, null, true, null));

        assertEquals(200, answer.status(), answer.body());
        assertEquals("owner-of-order", record(token).ownerId().value());
        // The body may name the owner too, when it is the order's.
        String again = suite.kbank().cardToken("authorized");
        assertEquals(200, Handlers.api(handler, pay(again, newOrder("owner-of-order"), "owner-of-order", true, null)).status());
        assertEquals("owner-of-order", record(again).ownerId().value());
    }

    @Test
    void aSignedInCustomerPaysOnlyTheirOwnOrdersAndOwnsAnOrderWithoutOwner() {
        String token = suite.kbank().cardToken("authorized");
        ApiAnswer other = Handlers.api(handler, pay(token, newOrder("owner-a"), null, true, "owner-b"));
        assertEquals(403, other.status(), other.body());
        assertTrue(other.body().contains("another customer"), other.body());

        String ownerless = suite.kbank().cardToken("authorized");
        assertEquals(200, Handlers.api(handler, pay(ownerless, newOrder(), null, true, "owner-b")).status());
        assertEquals("owner-b", record(ownerless).ownerId().value(), "the signed-in caller, vouched for by the authorizer");

        // With no owner on the order and nobody signed in, no owner can be vouched for: a body's is refused.
        ApiAnswer unvouched = Handlers.api(handler, pay(suite.kbank().cardToken("authorized"), newOrder(), "owner-c", true, null));
        assertEquals(403, unvouched.status(), unvouched.body());
    }

    @Test
    void aCardVerificationNeedsAnOwnerTheSuiteVouchesFor() {
        int charges = suite.kbank().calls("POST", "/card/v2/charge");
        ApiAnswer stranger = Handlers.api(handler, pay(suite.kbank().cardToken("authorized"), "ADDCARD", "owner-victim", false, null));
        assertEquals(403, stranger.status(), stranger.body());
        ApiAnswer impostor = Handlers.api(handler, pay(suite.kbank().cardToken("authorized"), "ADDCARD", "owner-002", false,
                "owner-attacker"));
        assertEquals(403, impostor.status(), impostor.body());
        assertEquals(charges, suite.kbank().calls("POST", "/card/v2/charge"), "neither was charged");

        String token = suite.kbank().cardToken("authorized");
        assertEquals(200, Handlers.api(handler, pay(token, "ADDCARD", null, false, "owner-new")).status());
        assertEquals("owner-new", record(token).ownerId().value(), "the signed-in customer");
        List<Invocation> keep = test.invoker().invocationsOf(c.platform().names().kbankCreateUserFunction());
        assertEquals("owner-new", Json.parse(keep.get(keep.size() - 1).payload()).path("ownerId").asText());
    }

    private static String newOrder() {
        return newOrder(null);
    }

    private static String newOrder(String owner) {
        String id = String.format("4800%08d", ++seq);
        ObjectNode data = (ObjectNode) Json.parse("{\"grandTotal\": 10}");
        if (owner != null) {
            data.put("ownerId", owner);
        }
        c.tables().orders().put(new OrderId(id), data, DataForm.JSON_STRING);
        return id;
    }

    private static String pay(String token, String order) {
        return pay(token, order, null, false, null);
    }

    /** The checkout's request; {@code signedIn} is the Cognito user an authorizer put in the event, null for none. */
    private static String pay(String token, String order, String ownerId, boolean saveCard, String signedIn) {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("card-token/authorized.json"));
        ObjectNode body = Json.object().put("token", token).put("orderId", order);
        if (ownerId != null) {
            body.put("ownerId", ownerId);
        }
        if (saveCard) {
            body.put("saveCard", "true");
        }
        event.put("body", Json.write(body));
        if (signedIn != null) {
            ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("claims").put("sub", signedIn);
        }
        return Json.write(event);
    }
}
