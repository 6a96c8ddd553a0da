package com.villamarket.payment3.processpaidorderinternal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop's Pay function from ProcessPaidOrderInternal: a QR order and a card order reach it the same
 * way, once, by the name and qualifier configured, never through this suite's {@code live} alias.
 */
@LocalSuiteTest(variables = {"PAY_FUNCTION_NAME=shop-pay", "PAY_FUNCTION_QUALIFIER=prod"})
class PayFunctionTest {

    private static final String PAY = "shop-pay";
    /** What Lambda is asked to run: the shop's function at the shop's qualifier. */
    private static final String PAY_AT_PROD = PAY + ":prod";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents.Builder parts) {
        suite = localSuite;
        test = parts.env(env -> env.put("FUNCTION_ALIAS", "live")).build();
        c = test.admin();
        test.invoker().register(PAY_AT_PROD, payload -> { });
    }


    private static String newOrder(String total) {
        String id = String.format("6700%08d", ++seq);
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"), DataForm.JSON_STRING);
        return id;
    }

    private static Outcome process(String payload) {
        return ProcessPaidOrderInternalService.create(test.function()).process(payload);
    }

    private static List<Invocation> paysOf(String order) {
        return test.invoker().invocations().stream()
                .filter(i -> Json.parse(i.payload()).path("orderId").asText().equals(order)).toList();
    }

    private static void assertHandedToPayOnce(String order, String charge) {
        List<Invocation> pays = paysOf(order);
        assertEquals(1, pays.size(), "one invocation for the order: " + pays);
        assertEquals(PAY_AT_PROD, pays.get(0).functionName(), "the shop's function at its qualifier, not ':live'");
        JsonNode payload = Json.parse(pays.get(0).payload());
        assertEquals(order + ":" + charge, payload.path("idempotencyKey").asText());
        assertEquals(charge, payload.path("payment").path("paymentId").asText());
        assertTrue(payload.path("payment").path("isPaid").asBoolean());
        Order paid = c.tables().orders().find(new OrderId(order)).orElseThrow();
        assertTrue(paid.step(OrderRepository.PAY).isDone(), "the Pay step is done on the order");
        assertNotNull(paid.finishedAt());
    }

    @Test
    void aQrOrderIsHandedToThePayFunctionOnce() {
        String order = newOrder("64.5");
        suite.paidQrCharge("chrg_test_payqr", "64.50", order);
        // The QR payment record the settle path writes before it hands a paid charge on.
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_payqr"), new OrderId(order),
                Instant.now(), true, Money.of("64.50")));
        String payload = "{\"orderId\":\"" + order + "\",\"paymentType\":\"qr\",\"success\":true,\"chargeId\":\"chrg_test_payqr\"}";

        assertEquals(Outcome.PAID, process(payload));
        assertEquals(Outcome.PAID, process(payload), "Lambda's retry, or a replay");

        assertHandedToPayOnce(order, "chrg_test_payqr");
    }

    @Test
    void aCardOrderIsHandedToThePayFunctionTheSameWay() {
        String order = newOrder("250.5");
        String token = "tokn_test_paycard";
        assertTrue(c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order),
                Money.of("250.50"), null, false, null, Instant.now())));
        c.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId("chrg_test_paycard"));
        suite.kbank().cardCharge("chrg_test_paycard", "250.50", "success", "Authorized", order);
        String payload = "{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"chargeId\":\"chrg_test_paycard\"}";

        assertEquals(Outcome.PAID, process(payload));
        assertEquals(Outcome.PAID, process(payload));

        assertHandedToPayOnce(order, "chrg_test_paycard");
    }
}
