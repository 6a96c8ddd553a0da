package com.villamarket.payment3.common.kbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.money.Money;
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
    void readsAnAmountSentAsAString() {
        KBankCharge charge = client.qrCharge(new ChargeId("chrg_test_fixture_amount_string"));
        assertEquals(Money.of("6.00"), charge.amount());
        assertEquals(TransactionState.SETTLED, charge.transactionState());
        assertTrue(charge.isPaid(), "an empty failure code is no failure");
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
    void sendsTheSecretKeyAsApiKey() {
        KBankClient wrongKey = new KBankClient(new UrlConnectionTransport(),
                new KBankCredentials("skey_wrong", stub.baseUrl(), ""), Duration.ofSeconds(1), Duration.ofSeconds(1));
        KBankException.ErrorAnswer e = assertThrows(KBankException.ErrorAnswer.class,
                () -> wrongKey.qrCharge(new ChargeId("chrg_test_fixture_paid")));
        assertEquals(401, e.httpStatus());
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
        KBankCharge charge = client.createCardCharge(new CardChargeRequest(Money.of("10.00"), "Order 1", token, "1"));
        assertTrue(charge.isPaid());
        assertEquals(TransactionState.VOIDED, client.voidCardCharge(new ChargeId(charge.id()), "test").transactionState());

        String declined = stub.cardToken("declined");
        KBankCharge refused = client.createCardCharge(new CardChargeRequest(Money.of("10.00"), "Order 2", declined, "2"));
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
