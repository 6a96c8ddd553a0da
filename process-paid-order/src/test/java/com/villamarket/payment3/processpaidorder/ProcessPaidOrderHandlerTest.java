package com.villamarket.payment3.processpaidorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ProcessPaidOrder (card) with its sample payload: KBank decides, the order is paid once, each after-paid step once. */
@LocalSuiteTest(variables = "PAY_FUNCTION_NAME=" + ProcessPaidOrderHandlerTest.PAY)
class ProcessPaidOrderHandlerTest {

    static final String PAY = "shop-pay-function";
    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static ProcessPaidOrderHandler handler;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        handler = new ProcessPaidOrderHandler(test.function());
    }


    /** An order paid by card as card-token and 3-D Secure leave it: record, KBank's charge. */
    private static void paidByCard(String order, String token, String charge, boolean saveCard, String outcome) {
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 250.5, \"items\": [1]}"),
                DataForm.JSON_STRING);
        suite.kbank().cardToken(token, outcome, charge);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order), Money.of("250.50"),
                null, saveCard, new OwnerId("owner-001"), Instant.now()));
        c.platform().kbank().createCardCharge(new CardChargeRequest(Money.of("250.50"), "Order " + order, new CardToken(token),
                new OrderId(order)));
        c.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId(charge));
    }

    private static List<Invocation> of(String function) {
        return test.invoker().invocationsOf(function);
    }

    @Test
    void theSamplePaysTheOrderOnceAndRunsEachStepOnce() {
        paidByCard("492500005646", "tokn_test_sample_paid", "chrg_test_sample_paid", true, "authorized");

        assertEquals("\"success\"", Handlers.async(handler, Handlers.event("process-paid-order/card.json")), "seed 001's body");
        Handlers.async(handler, Handlers.event("process-paid-order/card.json"));

        Order order = c.tables().orders().find(new OrderId("492500005646")).orElseThrow();
        assertEquals("chrg_test_sample_paid", order.paidChargeId().value());
        assertTrue(order.finishedAt() != null);
        for (String step : List.of(OrderRepository.PAY, OrderRepository.NOTIFY, OrderRepository.SAVE_CARD)) {
            assertTrue(order.step(step).isDone(), step);
        }
        List<Invocation> pays = of(PAY).stream().filter(i -> i.payload().contains("492500005646")).toList();
        assertEquals(1, pays.size(), "the Pay function once for this order, whatever the other tests invoked");
        JsonNode pay = Json.parse(pays.get(0).payload());
        assertEquals("492500005646:chrg_test_sample_paid", pay.path("idempotencyKey").asText());
        assertTrue(pay.path("payment").path("isPaid").asBoolean());
        assertEquals(1, of(c.platform().names().kbankCreateUserFunction()).stream().filter(i -> i.payload().contains("tokn_test_sample_paid"))
                .count(), "the card is kept, as asked");
        assertEquals(1, test.mailSubjects().stream().filter(s -> s.contains("Order 492500005646 paid")).count());
        assertEquals(1, c.tables().processPaidOrderLog().forOrder(new OrderId("492500005646")).stream().filter(r -> r.outcome() == ProcessedAs.PAID).count());
    }

    @Test
    void theServiceAloneSaysTheOrderIsPaidAndKeepsTheCardAsAsked() {
        String order = String.format("4700%08d", ++seq);
        paidByCard(order, "tokn_test_ppo_service" + seq, "chrg_test_ppo_service" + seq, true, "authorized");
        ProcessPaidOrderService service = ProcessPaidOrderService.create(test.function());
        String payload = "{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"chargeId\":\"chrg_test_ppo_service"
                + seq + "\"}";

        assertEquals(Outcome.PAID, service.process(payload));
        assertEquals(Outcome.PAID, service.process(payload), "a second run finds it paid with this charge");

        Order paid = c.tables().orders().find(new OrderId(order)).orElseThrow();
        assertTrue(paid.step(OrderRepository.SAVE_CARD).isDone());
        assertEquals(1, of(c.platform().names().kbankCreateUserFunction()).stream()
                .filter(i -> i.payload().contains("tokn_test_ppo_service" + seq)).count(), "the card is kept once");
    }

    @Test
    void aCardTheCustomerDidNotAskToKeepIsNotKept() {
        String order = String.format("4700%08d", ++seq);
        paidByCard(order, "tokn_test_ppo_nokeep" + seq, "chrg_test_ppo_nokeep" + seq, false, "authorized");
        int kept = of(c.platform().names().kbankCreateUserFunction()).size();

        Handlers.async(handler, "{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"chargeId\":\"chrg_test_ppo_nokeep"
                + seq + "\"}");

        assertEquals(kept, of(c.platform().names().kbankCreateUserFunction()).size());
        assertTrue(c.tables().orders().find(new OrderId(order)).orElseThrow().isPaid());
    }

    @Test
    void aDeclinedChargeLeavesTheOrderUnpaidAndNotifiesTheFailure() {
        String order = String.format("4700%08d", ++seq);
        paidByCard(order, "tokn_test_ppo_declined" + seq, "chrg_test_ppo_declined" + seq, false, "declined");

        Handlers.async(handler, "{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"success\":false}");

        assertTrue(!c.tables().orders().find(new OrderId(order)).orElseThrow().isPaid());
        assertEquals(1, c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.NOT_PAID).count());
        assertTrue(test.mailSubjects().stream().anyMatch(s -> s.contains("Payment of order " + order + " failed")));
    }
}
