package com.villamarket.payment3.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduled reconciliation with its sample event: a payment recorded but never handed on is handed on once. */
class ReconcileHandlerTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static ReconcileHandler handler;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        test = TestComponents.on(suite);
        c = test.components();
        handler = new ReconcileHandler(c);
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private static JsonNode run() {
        test.clock().advance(c.config().reconcileMinAge().plus(OnceOnly.LEASE).plusSeconds(1));
        return Json.parse(Handlers.async(handler, Handlers.event("reconcile/schedule.json")));
    }

    @Test
    void aQrPaymentWhoseCallbackDiedAfterRecordingIsHandedOnOnceThenSettled() {
        c.orders().put(new OrderId("002500048744"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        suite.kbank().paidQrCharge("chrg_test_reconcile1", "6.00", "002500048744");
        ChargeId charge = new ChargeId("chrg_test_reconcile1");
        c.qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, new OrderId("002500048744"), test.clock().instant(),
                true, Money.of("6.00")));

        JsonNode first = run();

        assertEquals(1, first.path("handedOn").asInt(), first.toString());
        assertEquals(0, first.path("errors").asInt());
        assertEquals(1, test.invoker().invocationsOf(c.names().processPaidOrderInternalFunction()).size());
        assertTrue(c.qrPaymentRecords().find(charge).orElseThrow().pending(), "settled only once the order is finished");

        JsonNode second = run();
        assertEquals(0, second.path("handedOn").asInt(), second.toString());
        assertEquals(1, second.path("reinvoked").asInt(), "handed on but not finished: processed again");
        assertFalse(second.path("examined").asInt() == 0);
    }

    @Test
    void aBranchWithNothingPendingAnswersAnEmptySummary() {
        try (LocalSuite empty = LocalSuite.start()) {
            JsonNode summary = Json.parse(Handlers.async(new ReconcileHandler(TestComponents.on(empty).components()),
                    Handlers.event("reconcile/schedule.json")));
            assertEquals(Json.parse("{\"examined\":0,\"settled\":0,\"handedOn\":0,\"reinvoked\":0,\"pending\":0,"
                    + "\"unsettled\":0,\"reported\":0,\"errors\":0}"), summary);
        }
    }
}
