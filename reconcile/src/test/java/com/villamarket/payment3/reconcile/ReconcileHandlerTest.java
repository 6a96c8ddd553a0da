package com.villamarket.payment3.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reconciliation with its sample event: a payment recorded but never handed on is handed on once.
 * Each test has a stack of its own (reconciliation reads whatever is pending in its tables).
 */
@LocalSuiteTest(eachTest = true)
class ReconcileHandlerTest {

    /** The handler's answer to the schedule's sample event, with the clock moved past the minimum age and every lease. */
    private static JsonNode run(TestComponents test, ReconcileHandler handler) {
        later(test);
        return Json.parse(Handlers.async(handler, Handlers.event("reconcile/schedule.json")));
    }

    @Test
    void aQrPaymentWhoseCallbackDiedAfterRecordingIsHandedOnOnceThenSettled(LocalSuite suite, TestComponents test) {
        Components c = test.admin();
        ReconcileHandler handler = new ReconcileHandler(test.function());
        c.tables().orders().put(new OrderId("002500048744"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_reconcile1", "6.00", "002500048744");
        ChargeId charge = new ChargeId("chrg_test_reconcile1");
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, new OrderId("002500048744"), test.clock().instant(),
                true, Money.of("6.00")));

        JsonNode first = run(test, handler);

        assertEquals(1, first.path("handedOn").asInt(), first.toString());
        assertEquals(0, first.path("errors").asInt());
        assertEquals(1, test.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size());
        assertTrue(c.tables().qrPaymentRecords().find(charge).orElseThrow().pending(), "settled only once the order is finished");

        JsonNode second = run(test, handler);
        assertEquals(0, second.path("handedOn").asInt(), second.toString());
        assertEquals(1, second.path("reinvoked").asInt(), "handed on but not finished: processed again");
        assertFalse(second.path("examined").asInt() == 0);
    }

    @Test
    void kbankRefusingOurKeyStopsTheRunAtTheFirstPaymentInsteadOfFailingEachOne(LocalSuite own, TestComponents t) {
        Components parts = t.admin();
        for (int i = 1; i <= 3; i++) {
            OrderId order = new OrderId("00250004880" + i);
            parts.tables().orders().put(order, (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            parts.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_keyrefused" + i), order,
                    t.clock().instant(), false, Money.of("6.00")));
            own.kbank().respond("GET", "/qr/v2/qr/chrg_test_keyrefused" + i, 401,
                    "{\"object\":\"error\",\"code\":\"authentication_failure\",\"message\":\"invalid x-api-key\"}");
        }
        later(t);

        assertThrows(KBankKeyRefused.class, () -> ReconcileService.create(t.function()).run());

        int asked = 0;
        for (int i = 1; i <= 3; i++) {
            asked += own.kbank().calls("GET", "/qr/v2/qr/chrg_test_keyrefused" + i);
        }
        assertEquals(1, asked, "the first refusal of our key ends the run: KBank is not asked about the others");
        assertTrue(t.mailSubjects().size() <= 1, "at most one page, not one per payment: " + t.mailSubjects());
    }

    @Test
    void aBranchWithNothingPendingAnswersAnEmptySummary(TestComponents empty) {
        JsonNode summary = Json.parse(Handlers.async(new ReconcileHandler(empty.function()),
                Handlers.event("reconcile/schedule.json")));
        assertEquals(Json.parse("{\"examined\":0,\"settled\":0,\"handedOn\":0,\"reinvoked\":0,\"pending\":0,"
                + "\"unsettled\":0,\"abandoned\":0,\"reported\":0,\"errors\":0,\"left\":0,\"oldestLeft\":null}"), summary);
    }

    @Test
    void everyRunWritesTheMetricsItsAlarmWatchesZerosIncluded(LocalSuite empty, TestComponents t) {
        ReconcileHandler own = new ReconcileHandler(t.function());
        JsonNode line = metricLine(() -> Handlers.async(own, Handlers.event("reconcile/schedule.json")));

        assertEquals(empty.branch(), line.path("Branch").asText());
        for (String metric : List.of(Metrics.RECONCILE_UNSETTLED, Metrics.RECONCILE_REPORTED, Metrics.RECONCILE_ERRORS)) {
            assertTrue(line.path(metric).isNumber(), metric + " in " + line);
            assertEquals(0, line.path(metric).asInt(), metric);
        }
    }

    @Test
    void aRefusedPaymentIsReportedBeforeItIsSettledSoAKillBetweenTheTwoLosesNoReport(LocalSuite own,
            TestComponents.Builder builder) {
        AtomicReference<Components> parts = new AtomicReference<>();
        AtomicBoolean armed = new AtomicBoolean(true);
        ChargeId cheap = new ChargeId("chrg_test_recon_cheap");
        TestComponents t = builder.afterEachCall(call -> {
            // Killed right after the write that settles the record: it has left the pending index.
            if (armed.get() && call.equals("dynamodb updateItem " + parts.get().platform().names().qrPaymentRecordTable())
                    && !parts.get().tables().qrPaymentRecords().find(cheap).orElseThrow().pending()) {
                armed.set(false);
                throw new Killed(call);
            }
        }).build();
        Components parts2 = t.admin();
        parts.set(parts2);
        ReconcileService service = ReconcileService.create(t.function());
        OrderId order = new OrderId("002500048745");
        parts2.tables().orders().put(order, (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        own.paidQrCharge(cheap.value(), "1.00", order.value());
        parts2.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(cheap, order, t.clock().instant(), true, Money.of("6.00")));
        later(t);

        assertThrows(Killed.class, service::run);

        assertEquals(1, reportsOf(parts2, cheap), "reported before the record left the pending index");
        assertFalse(parts2.tables().qrPaymentRecords().find(cheap).orElseThrow().pending());

        // Another refused payment, on the next run: reported once, and counted for the alarm.
        ChargeId other = new ChargeId("chrg_test_recon_cheap2");
        OrderId second = new OrderId("002500048746");
        parts2.tables().orders().put(second, (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        own.paidQrCharge(other.value(), "1.00", second.value());
        parts2.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(other, second, t.clock().instant(), true, Money.of("6.00")));
        later(t);
        JsonNode line = metricLine(service::run);

        assertEquals(1, line.path(Metrics.RECONCILE_REPORTED).asInt(), line.toString());
        assertEquals(1, reportsOf(parts2, cheap));
        assertEquals(1, reportsOf(parts2, other));
    }

    @Test
    void aKBankQrOrderWhoseChargeKBankHasNotSettledStaysPendingUntilKBankFinishesIt(LocalSuite own, TestComponents t) {
        Components parts = t.admin();
        String reference = kbankOrder(parts, t, "002500048750");
        // The customer scanned the QR: KBank's order names a charge KBank has not settled.
        ChargeId charge = new ChargeId("chrg_test_recon_order_pending");
        own.kbank().qrCharge(charge.value(), "50.00", "error", "Initialize", reference);

        later(t).run();

        KBankOrder kept = parts.tables().kbankOrders().findByReference(reference).orElseThrow();
        assertTrue(kept.pending(), "not final at KBank: not recorded as final");
        assertEquals(null, kept.outcome());
        assertTrue(parts.tables().qrPaymentRecords().find(charge).orElseThrow().pending(), "its charge is followed as a pending payment");
        assertEquals(0, t.invoker().invocations().size(), "nothing handed on");

        // KBank finishes the charge: the order is settled PAID by its settle path, handed on once.
        own.kbank().paidQrCharge(charge.value(), "50.00", reference);
        later(t).run();

        assertEquals(SettledAs.PAID, parts.tables().kbankOrders().findByReference(reference).orElseThrow().outcome());
        assertEquals(1, t.invoker().invocationsOf(parts.platform().names().processPaidOrderInternalFunction()).size());
    }

    @Test
    void aKBankQrOrderWhoseChargeKBankNeverFinishesIsExpiredAfterTheAbandonmentAgeWithoutAReport(LocalSuite own,
            TestComponents t) {
        Components parts = t.admin();
        String reference = kbankOrder(parts, t, "002500048751");
        ChargeId charge = new ChargeId("chrg_test_recon_order_abandoned");
        own.kbank().qrCharge(charge.value(), "50.00", "error", "Initialize", reference);

        later(t).run();
        assertTrue(parts.tables().kbankOrders().findByReference(reference).orElseThrow().pending());
        t.clock().advance(parts.platform().config().reconcileAbandonAfter());
        ReconcileService.Summary summary = later(t).run();

        assertEquals(2, summary.abandoned(), "the KBank order and its QR charge: " + summary);
        assertEquals(SettledAs.EXPIRED, parts.tables().kbankOrders().findByReference(reference).orElseThrow().outcome());
        assertEquals(SettledAs.EXPIRED, parts.tables().qrPaymentRecords().find(charge).orElseThrow().outcome());
        assertEquals(List.of(), parts.tables().callbackErrorLog().scanAll(), "abandoned: nobody paged");
        assertEquals(List.of(), t.mailSubjects());
    }

    @Test
    void aCardChargeInAStateTheSuiteDoesNotKnowIsReportedOnceAfterAnHourThenSettledWhenAbandoned(LocalSuite own,
            TestComponents t) {
        Components parts = t.admin();
        String token = "tokn_test_recon_unknown_state";
        parts.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId("002500048752"), Money.of("41.00"),
                "https://shop.example/thanks", false, new OwnerId("owner-unknown"), t.clock().instant()));
        parts.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId("chrg_test_recon_unknown_state"));
        // A state KBank may add one day: not paid, not final, and not one the suite knows to be unfinished.
        own.kbank().cardCharge("chrg_test_recon_unknown_state", "41.00", "success", "Processing", "002500048752");

        ReconcileService.Summary young = later(t).run();
        t.clock().advance(Duration.ofHours(1));
        ReconcileService.Summary first = later(t).run();
        ReconcileService.Summary second = later(t).run();

        assertEquals(1, young.pending(), young.toString());
        assertEquals(1, first.unsettled(), first.toString());
        assertEquals(1, first.reported());
        assertEquals(0, second.reported(), "reported once, whatever the number of runs");
        List<String> codes = parts.tables().callbackErrorLog().scanAll().stream().map(e -> e.errorType()).toList();
        assertEquals(List.of("STILL_PENDING"), codes);
        assertTrue(parts.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().pending());

        t.clock().advance(parts.platform().config().reconcileAbandonAfter());
        ReconcileService.Summary abandoned = later(t).run();

        assertEquals(1, abandoned.abandoned(), abandoned.toString());
        assertEquals(SettledAs.EXPIRED, parts.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().outcome());
        assertEquals(1, parts.tables().callbackErrorLog().scanAll().size(), "no second report when it is settled");
    }

    /** A KBank QR order of a new 50.00 THB order, made at KBank and recorded pending, as kbank-create-order does. */
    private static String kbankOrder(Components parts, TestComponents t, String orderId) {
        OrderId order = new OrderId(orderId);
        parts.tables().orders().put(order, (ObjectNode) Json.parse("{\"grandTotal\": 50.0}"), DataForm.JSON_STRING);
        String reference = orderId + "1748613417.737981";
        String kbankOrder = parts.platform().kbank().createQrOrder(Money.of("50.00"), "qr", reference, "Order " + orderId).id();
        parts.tables().kbankOrders().record(new KBankOrder(reference, order, kbankOrder, Money.of("50.00"), "qr",
                t.clock().instant(), true, null));
        return reference;
    }

    /** The service, with the clock moved past the minimum age and every lease. */
    private static ReconcileService later(TestComponents t) {
        t.clock().advance(t.admin().platform().config().reconcileMinAge().plus(OnceOnly.LEASE).plusSeconds(1));
        return ReconcileService.create(t.function());
    }

    private static long reportsOf(Components parts, ChargeId charge) {
        return parts.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> "reconcile".equals(e.functionName()) && charge.value().equals(ReceivedId.textOf(e.chargeId()))).count();
    }

    /** Runs a reconciliation and gives back the one metric line it wrote. */
    private static JsonNode metricLine(Runnable run) {
        CapturedLog log = CapturedLog.start();
        try (log) {
            run.run();
        }
        List<JsonNode> lines = log.jsonLines().stream().filter(l -> l.has(Metrics.RECONCILE_UNSETTLED)).toList();
        assertEquals(1, lines.size(), log.text());
        return lines.get(0);
    }
}
