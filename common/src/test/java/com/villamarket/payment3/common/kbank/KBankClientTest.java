package com.villamarket.payment3.common.kbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.testkit.KBankStub;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.net.URI;

/** The KBank client against a KBank stub on loopback. */
class KBankClientTest {

    private static KBankStub stub;
    private static KBankClient client;

    @BeforeAll
    static void start() {
        stub = KBankStub.start("skey_test_k");
        client = new KBankClient(new UrlConnectionTransport(),
                new KBankCredentials("skey_test_k", stub.baseUrl(), "mid"),
                Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.reset();
    }

    @Test
    void readsAPaidQrChargeFixture() {
        KBankCharge charge = client.qrCharge(new ChargeId("chrg_test_fixture_paid"));
        assertEquals("chrg_test_fixture_paid", charge.id());
        assertEquals(Money.of("300.00"), charge.amount());
        assertEquals(ChargeStatus.SUCCESS, charge.status());
        assertEquals(TransactionState.AUTHORIZED, charge.transactionState());
        assertEquals("4925000046321748613417.737979", charge.referenceOrder());
        assertTrue(charge.isPaid());
    }

    @Test
    void refusesAnAmountSentAsAStringWithTheAnswer() {
        PaymentRejectedException e = assertThrows(PaymentRejectedException.class,
                () -> client.qrCharge(new ChargeId("chrg_test_fixture_amount_string")));
        assertEquals(RejectionReason.KBANK_ANSWER_MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
        assertEquals("6.00", Json.parse(e.kbankAnswer()).path("amount").textValue(), "the answer as KBank gave it");
    }

    @Test
    void anEmptyFailureCodeIsNoFailure() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_settled", 200, "{\"id\":\"chrg_test_settled\",\"status\":\"success\","
                + "\"transaction_state\":\"Settled\",\"amount\":6.00,\"failure_code\":\"\"}");
        KBankCharge charge = client.qrCharge(new ChargeId("chrg_test_settled"));
        assertEquals(Money.of("6.00"), charge.amount());
        assertEquals(TransactionState.SETTLED, charge.transactionState());
        assertTrue(charge.isPaid(), "an empty failure code is no failure");
    }

    @Test
    void readsEachFieldOnlyAsTheJsonTypeKBankSendsIt() {
        for (String field : new String[] {"id", "currency", "status", "transaction_state", "reference_order", "order_id",
                "description", "failure_code", "failure_message", "redirect_url"}) {
            for (String value : new String[] {"[\"x\"]", "{\"x\":1}", "1", "true"}) {
                stub.respond("GET", "/qr/v2/qr/chrg_test_types", 200, "{\"" + field + "\":" + value + "}");
                PaymentRejectedException e = assertThrows(PaymentRejectedException.class,
                        () -> client.qrCharge(new ChargeId("chrg_test_types")), field + " = " + value);
                assertEquals(RejectionReason.KBANK_ANSWER_MALFORMED, e.reason());
                assertTrue(e.getMessage().contains(field), e.getMessage());
            }
        }
        stub.respond("GET", "/qr/v2/qr/chrg_test_types", 200, "{\"metadata\":{\"tokenId\":[\"tokn_x\"]}}");
        assertThrows(PaymentRejectedException.class, () -> client.qrCharge(new ChargeId("chrg_test_types")));
        stub.respond("GET", "/qr/v2/qr/chrg_test_types", 200, "{\"id\":null,\"amount\":null,\"metadata\":null}");
        assertEquals(null, client.qrCharge(new ChargeId("chrg_test_types")).amount(), "null is absent");
    }

    @Test
    void aQrOrderNamingTwoChargesOrAChargeOfAnotherTypeIsRefused() {
        stub.respond("GET", "/qr/v2/order/order_test_two", 200,
                "{\"id\":\"order_test_two\",\"charge_id\":\"chrg_test_a\",\"charge\":{\"id\":\"chrg_test_b\"}}");
        assertEquals(RejectionReason.KBANK_ANSWER_MALFORMED,
                assertThrows(PaymentRejectedException.class, () -> client.qrOrder("order_test_two")).reason());
        stub.respond("GET", "/qr/v2/order/order_test_arr", 200, "{\"id\":\"order_test_arr\",\"charge_id\":[\"chrg_test_a\"]}");
        assertEquals(RejectionReason.KBANK_ANSWER_MALFORMED,
                assertThrows(PaymentRejectedException.class, () -> client.qrOrder("order_test_arr")).reason());
        stub.respond("GET", "/qr/v2/order/order_test_same", 200,
                "{\"id\":\"order_test_same\",\"charge_id\":\"chrg_test_a\",\"charge\":{\"id\":\"chrg_test_a\"}}");
        assertEquals("chrg_test_a", client.qrOrder("order_test_same").chargeId());
    }

    @Test
    void successWithoutAnAuthorizedStateIsNotPaid() {
        stub.qrCharge("chrg_test_pre", "6", "success", "Pre-Authorized", null);
        assertFalse(client.qrCharge(new ChargeId("chrg_test_pre")).isPaid());
        stub.qrCharge("chrg_test_nostate", "6", "success", null, null);
        assertFalse(client.qrCharge(new ChargeId("chrg_test_nostate")).isPaid());
        stub.qrCharge("chrg_test_new", "6", "success", "Some Future State", null);
        KBankCharge future = client.qrCharge(new ChargeId("chrg_test_new"));
        assertEquals(TransactionState.UNKNOWN, future.transactionState());
        assertFalse(future.isPaid());
    }

    @Test
    void aFailureCodeMeansNotPaid() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_fc", 200, "{\"id\":\"chrg_test_fc\",\"status\":\"success\","
                + "\"transaction_state\":\"Authorized\",\"amount\":6,\"failure_code\":\"insufficient_fund\"}");
        assertFalse(client.qrCharge(new ChargeId("chrg_test_fc")).isPaid());
    }

    @Test
    void unknownChargeIsAnErrorAnswerThatSaysNotFound() {
        KBankException.ErrorAnswer e = assertThrows(KBankException.ErrorAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_missing")));
        assertEquals(404, e.httpStatus());
        assertEquals("not_found", e.code());
        assertTrue(e.isNotFound());
    }

    @Test
    void errorObjectWithStatus200IsAnErrorAnswer() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_err", 200, "{\"object\":\"error\",\"code\":\"invalid_charge\",\"message\":\"m\"}");
        KBankException.ErrorAnswer e = assertThrows(KBankException.ErrorAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_err")));
        assertEquals("invalid_charge", e.code());
    }

    @Test
    void serverErrorCarriesStatusAndBody() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_500", 500, "<html>Internal Server Error</html>");
        KBankException.ErrorAnswer e = assertThrows(KBankException.ErrorAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_500")));
        assertEquals(500, e.httpStatus());
        assertNull(e.code());
        assertEquals("<html>Internal Server Error</html>", e.body());
        assertFalse(e.isNotFound());
    }

    @Test
    void garbageBodyIsABadAnswer() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_garbage", 200, "\u0000\u0001garbage{");
        KBankException.BadAnswer e = assertThrows(KBankException.BadAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_garbage")));
        assertEquals(200, e.httpStatus());
        stub.respond("GET", "/qr/v2/qr/chrg_test_array", 200, "[1,2]");
        assertThrows(KBankException.BadAnswer.class, () -> client.qrCharge(new ChargeId("chrg_test_array")));
        stub.respond("GET", "/qr/v2/qr/chrg_test_empty", 200, "");
        assertThrows(KBankException.BadAnswer.class, () -> client.qrCharge(new ChargeId("chrg_test_empty")));
    }

    @Test
    void anAnswerNamingAFieldTwiceIsABadAnswerNotItsLastValue() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_twice", 200, "{\"object\":\"charge\",\"id\":\"chrg_test_twice\","
                + "\"amount\":100.00,\"amount\":98.00,\"currency\":\"THB\",\"status\":\"success\","
                + "\"transaction_state\":\"Authorized\",\"reference_order\":\"1\"}");

        KBankException.BadAnswer e = assertThrows(KBankException.BadAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_twice")));

        assertTrue(e.getMessage().contains("names a field twice"), e.getMessage());
    }

    @Test
    void slowAnswerIsUnavailable() {
        stub.paidQrCharge("chrg_test_slow", "6", "1");
        stub.delay("GET", "/qr/v2/qr/chrg_test_slow", Duration.ofMillis(1500));
        KBankException.Unavailable e = assertThrows(KBankException.Unavailable.class,
                () -> client.qrCharge(new ChargeId("chrg_test_slow")));
        assertEquals(0, e.httpStatus());
    }

    @Test
    void refusedConnectionIsUnavailable() {
        KBankClient nowhere = new KBankClient(new UrlConnectionTransport(),
                new KBankCredentials("k", URI.create("http://127.0.0.1:1"), ""),
                Duration.ofMillis(300), Duration.ofMillis(300));
        assertThrows(KBankException.Unavailable.class, () -> nowhere.qrCharge(new ChargeId("chrg_test_x")));
    }

    @Test
    void sendsTheSecretKeyAsApiKeyAndAKeyKBankRefusesIsOurConfigurationsDefect() {
        KBankClient wrongKey = new KBankClient(new UrlConnectionTransport(),
                new KBankCredentials("skey_wrong", stub.baseUrl(), ""), Duration.ofSeconds(1), Duration.ofSeconds(1));
        KBankKeyRefused e = assertThrows(KBankKeyRefused.class,
                () -> wrongKey.qrCharge(new ChargeId("chrg_test_fixture_paid")));
        assertEquals(401, e.httpStatus());
        assertEquals(FailureKind.CONFIGURATION, e.kind());
        assertFalse(e.getMessage().contains("skey_wrong"), "the key is never in the message");
        assertEquals(TransactionState.AUTHORIZED, client.qrCharge(new ChargeId("chrg_test_fixture_paid")).transactionState());
    }

    @Test
    void readsACardCharge() {
        stub.cardCharge("chrg_test_card1", "250.50", "success", "Authorized", "492500005643");
        KBankCharge charge = client.cardCharge(new ChargeId("chrg_test_card1"));
        assertEquals(Money.of("250.50"), charge.amount());
        assertTrue(charge.isPaid());
    }

    @Test
    void errorFixturesBesideTheSuccessesAnswerWithTheirStatus() {
        KBankException.ErrorAnswer unknown = assertThrows(KBankException.ErrorAnswer.class,
                () -> client.cardCharge(new ChargeId("chrg_test_fixture_unknown")));
        assertEquals(404, unknown.httpStatus());
        assertEquals("charge_not_found", unknown.code());
        assertTrue(unknown.isNotFound());
        KBankException.ErrorAnswer broken = assertThrows(KBankException.ErrorAnswer.class,
                () -> client.qrCharge(new ChargeId("chrg_test_fixture_broken")));
        assertEquals(500, broken.httpStatus());
        assertEquals("internal_error", broken.code());
    }

    @Test
    void theStubAnswersEveryEndpointTheSuiteCalls() {
        String token = stub.cardToken("authorized");
        KBankCharge charge = client.createCardCharge(new CardChargeRequest(Money.of("10.00"), "Order 1", new CardToken(token),
                new OrderId("1")));
        assertTrue(charge.isPaid());
        client.voidCardCharge(new ChargeId(charge.id()), "test");
        assertEquals(TransactionState.VOIDED, client.cardCharge(new ChargeId(charge.id())).transactionState());

        String declined = stub.cardToken("declined");
        KBankCharge refused = client.createCardCharge(new CardChargeRequest(Money.of("10.00"), "Order 2",
                new CardToken(declined), new OrderId("2")));
        assertEquals(TransactionState.DECLINED, refused.transactionState());
        assertEquals("card_declined", refused.failureCode());

        String customer = client.createCustomer("owner-1", token);
        assertEquals(customer, client.addCard(customer, stub.cardToken("authorized")));
        assertEquals(2, stub.customers().get(customer).size());

        JsonNode order = client.createQrOrder(Money.of("300.00"), "qr", "4925", "Order 4925").toJson();
        assertEquals("order", order.path("object").asText());
        assertEquals(order, client.qrOrder(order.path("id").asText()).toJson());
    }
}
