package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankQrOrder;
import com.villamarket.payment3.common.persistence.Order;
import org.junit.jupiter.api.Test;

/** Each payload between functions: what it writes is what it reads back, and a malformed one is refused as MALFORMED. */
class ContractsTest {

    private static final OrderId ORDER = new OrderId("002500048744");
    private static final ChargeId CHARGE = ChargeId.parse("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6");
    private static final CardToken TOKEN = new CardToken("tokn_test_21");

    private static void assertMalformed(Runnable parse) {
        assertEquals(RejectionReason.MALFORMED, assertThrows(PaymentRejectedException.class, parse::run).reason());
    }

    @Test
    void aPaidOrderRequestReadsBackWhatItWrites() {
        PaidOrderRequest qr = PaidOrderRequest.qr(ORDER, CHARGE);
        assertEquals(qr, PaidOrderRequest.parse(Json.write(qr.toJson())));
        PaidOrderRequest card = PaidOrderRequest.card(ORDER, CHARGE, false, TOKEN);
        assertEquals(card, PaidOrderRequest.parse(Json.write(card.toJson())));
        assertMalformed(() -> PaidOrderRequest.parse("{\"orderId\":\"002500048744\",\"paymentType\":\"qr\"}"));
    }

    @Test
    void aSaveCardRequestReadsBackWhatItWritesInTheShapeKBankCreateUserReads() {
        SaveCardRequest request = new SaveCardRequest(new OwnerId("cognito-sub-1"), TOKEN);
        assertEquals(Json.parse("{\"ownerId\":\"cognito-sub-1\",\"token\":\"tokn_test_21\"}"), request.toJson());
        assertEquals(request, SaveCardRequest.parse(Json.write(request.toJson())));
        assertMalformed(() -> SaveCardRequest.parse("{\"ownerId\":\"cognito-sub-1\"}"));
        assertMalformed(() -> SaveCardRequest.parse("{\"ownerId\":\"cognito-sub-1\",\"token\":\"card_1\"}"));
        assertMalformed(() -> SaveCardRequest.parse("{\"token\":\"tokn_test_21\"}"));
        assertMalformed(() -> SaveCardRequest.parse("not json"));
    }

    @Test
    void anAddCardRequestReadsBackWhatItWritesInTheShapeKBankAddCardReads() {
        AddCardRequest request = new AddCardRequest("cust_test_7", TOKEN);
        assertEquals(Json.parse("{\"kbank_customer_id\":\"cust_test_7\",\"token\":\"tokn_test_21\"}"), request.toJson());
        assertEquals(request, AddCardRequest.parse(Json.write(request.toJson())));
        assertMalformed(() -> AddCardRequest.parse("{\"kbank_customer_id\":\"cust/../x\",\"token\":\"tokn_test_21\"}"));
        assertMalformed(() -> AddCardRequest.parse("{\"token\":\"tokn_test_21\"}"));
        assertMalformed(() -> AddCardRequest.parse("{\"kbank_customer_id\":\"cust_test_7\"}"));
    }

    @Test
    void aPayRequestCarriesTheOrdersPaymentHeaderAndOneKeyPerOrderAndCharge() {
        Order order = new Order(ORDER, (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                "{\"grandTotal\": 6.0, \"payment\": {\"id\": \"chrg_prod_1\", \"totalPaid\": 6.0}}"),
                Order.DataForm.JSON_STRING, null, null, null, java.util.Map.of(), null);
        PayRequest request = PayRequest.of(order, CHARGE);
        assertEquals("002500048744:" + CHARGE.value(), request.idempotencyKey());
        assertEquals(Json.parse("{\"id\": \"chrg_prod_1\", \"totalPaid\": 6.0}"), request.payment());
        assertEquals(request, PayRequest.parse(Json.write(request.toJson())));
        assertMalformed(() -> PayRequest.parse("{\"orderId\":\"002500048744\",\"payment\":{}}"));
        assertMalformed(() -> PayRequest.parse("{\"idempotencyKey\":\"k\",\"payment\":{}}"));
    }

    @Test
    void kbanksQrOrderNamesItsChargeEitherWayAndKeepsTheObjectAsAnswered() {
        JsonNode flat = Json.parse("{\"id\":\"order_test_1\",\"object\":\"order\",\"status\":\"success\","
                + "\"charge_id\":\"chrg_test_1\"}");
        KBankQrOrder order = KBankQrOrder.parse(flat);
        assertEquals("order_test_1", order.id());
        assertEquals("chrg_test_1", order.chargeId());
        assertEquals("success", order.status());
        assertEquals(flat, order.toJson());
        assertEquals(order, KBankQrOrder.parse(order.toJson()));

        KBankQrOrder nested = KBankQrOrder.parse(Json.parse("{\"id\":\"order_test_2\",\"charge\":{\"id\":\"chrg_test_2\"}}"));
        assertEquals("chrg_test_2", nested.chargeId());
        KBankQrOrder unpaid = KBankQrOrder.parse(Json.parse("{\"id\":\"order_test_3\",\"status\":\"pending\"}"));
        assertNull(unpaid.chargeId());
    }
}
