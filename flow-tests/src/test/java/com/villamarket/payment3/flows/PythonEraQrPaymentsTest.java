package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.testkit.PythonEraRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * QR payments the Python stack began and this suite finishes: the QR payment record and the callback error log
 * entry written exactly as the Python stack's PynamoDB models store them (no pending marker, no hand-on step, no
 * error type or resolved flag, none of our attributes). Each ends with the order paid exactly once.
 */
@FlowTest
class PythonEraQrPaymentsTest {

    private static Wiring w;
    private static PythonEraRecords python;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
        python = new PythonEraRecords(w.suite.dynamoDb());
    }


    /** An order as the Python stack wrote it (data a JSON string), with a paid QR charge of its total at KBank. */
    private static String pythonOrder(String total, String charge) {
        String order = String.format("7800%08d", ++seq);
        python.order(w.suite.orderTable(), order, "{\"grandTotal\": " + total + "}");
        w.suite.paidQrCharge(charge, total, order);
        return order;
    }

    /**
     * The Python QR callback killed after saving the record KBank's answer made and before handing the order on:
     * the record says paid, the order is not.
     */
    private static void pythonRecordedNotHandedOn(String order, String charge, String total) {
        python.qrPaymentRecord(w.c.platform().names().qrPaymentRecordTable(), charge, order, true, pythonFloat(total),
                w.clock.instant().minusSeconds(60));
    }

    /** A number as PynamoDB's NumberAttribute writes Python's float of KBank's amount: 6.0, 12.5. */
    private static String pythonFloat(String amount) {
        return Double.toString(Double.parseDouble(amount));
    }

    private static String form(String order, String total, String charge) {
        return "orderId=" + order + "&status=success&amount=" + total + "&chargeId=" + charge;
    }

    private static void assertPaidOnce(String order, String charge) {
        assertEquals(List.of(), w.drain());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().map(ProcessPaidOrderLog::outcome)
                .filter(ProcessedAs.PAID::equals).count(), "paid exactly once");
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(i -> i.payload().contains(order)).count(), "handed on exactly once");
    }

    private static Map<String, AttributeValue> qrItem(String charge) {
        return w.suite.dynamoDb().getItem(r -> r.tableName(w.c.platform().names().qrPaymentRecordTable())
                .key(Map.of("tokenId", AttributeValue.fromS(charge)))).item();
    }

    @Test
    void theCallbacksResendFinishesAPaymentWhosePaidRecordPythonWroteOnce() {
        String charge = "chrg_test_pyqr_cb" + seq;
        String order = pythonOrder("6.00", charge);
        pythonRecordedNotHandedOn(order, charge, "6.00");

        Answer resent = w.api(w.qrCallback, Wiring.qrEvent(form(order, "6.00", charge), "req-pyqr-cb-" + seq));

        assertEquals(200, resent.status(), resent.body());
        assertPaidOnce(order, charge);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent(form(order, "6.00", charge), "req-pyqr-cb2-" + seq)).status(),
                "the browser's callback again");
        assertPaidOnce(order, charge);
        Map<String, AttributeValue> item = qrItem(charge);
        assertEquals(order, item.get("orderId").s(), "the Python stack's attributes as it wrote them");
        assertTrue(item.get("status").bool());
        assertEquals("6.0", item.get("paidAmount").n());
    }

    /** The reconcile function asked, as at switch-over, to adopt the Python stack's QR payments of the last 3 days. */
    private static JsonNode adoptPythonEra() {
        JsonNode answer = Json.parse(w.call(w.c.platform().names().reconcileFunction(),
                "{\"adoptPythonEraSince\": \"" + w.clock.instant().minus(Duration.ofDays(3)) + "\"}"));
        assertEquals(200, answer.path("statusCode").asInt(), answer.toString());
        return Json.parse(answer.path("body").asText());
    }

    @Test
    void reconciliationFinishesAnUnsettledPaymentWhoseRecordPythonWroteOnceAdoptedAtSwitchOver() {
        String charge = "chrg_test_pyqr_rec" + seq;
        String order = pythonOrder("12.50", charge);
        pythonRecordedNotHandedOn(order, charge, "12.50");
        // Beside it, a payment the Python stack finished: its order carries the Python stack's payment header.
        String finishedCharge = "chrg_test_pyqr_done" + seq;
        String finished = String.format("7800%08d", ++seq);
        python.order(w.suite.orderTable(), finished, "{\"grandTotal\": 8.0, \"payment\": {\"isPaid\": true, "
                + "\"paymentId\": \"" + finishedCharge + "\"}}");
        w.suite.paidQrCharge(finishedCharge, "8.00", finished);
        pythonRecordedNotHandedOn(finished, finishedCharge, "8.00");

        w.reconcileLater();
        assertFalse(w.paid(order), "no run sees a record that never entered the pending index");

        JsonNode adopted = adoptPythonEra();
        assertTrue(adopted.path("qr").path("adopted").asInt() >= 1, adopted.toString());
        assertTrue(adopted.path("complete").asBoolean(), adopted.toString());
        assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow().pending());
        assertFalse(w.c.tables().qrPaymentRecords().find(new ChargeId(finishedCharge)).orElseThrow().pending(),
                "a payment whose order the Python stack paid is left as it is");

        w.reconcileLater();
        assertPaidOnce(order, charge);
        w.reconcileLater();
        assertPaidOnce(order, charge);
        assertEquals(SettledAs.PAID, w.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow().outcome());
        JsonNode again = adoptPythonEra();
        assertFalse(w.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow().pending(), "never adopted twice: "
                + again);
        assertPaidOnce(order, charge);
        assertEquals(0, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(i -> i.payload().contains(finished)).count());
    }

    /** An error log entry the Python QR callback wrote for this callback event (KBank did not answer in time). */
    private static String pythonLoggedCallback(String order, String charge, String total) {
        String errorId = UUID.randomUUID().toString();
        String event = Wiring.qrEvent(form(order, total, charge), "req-pyqr-log-" + (++seq));
        python.callbackError(w.c.platform().names().callbackErrorLogTable(), errorId, w.clock.instant().minusSeconds(120),
                "qrcallback", order, charge, "HTTPSConnectionPool(host='openapi.kasikornbank.com', port=443): Read timed out.",
                event);
        return errorId;
    }

    @Test
    void replayOfAnErrorLogEntryPythonWrotePaysTheOrderOnceAndClosesTheEntry() {
        String charge = "chrg_test_pyqr_replay" + seq;
        String order = pythonOrder("30.00", charge);
        String errorId = pythonLoggedCallback(order, charge, "30.00");
        CallbackError read = w.c.tables().callbackErrorLog().find(errorId).orElseThrow();
        assertFalse(read.resolved(), "an entry without our resolved flag is open");

        JsonNode outcome = Json.parse(w.replay.handle("{\"errorId\":\"" + errorId + "\"}")).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertPaidOnce(order, charge);
        assertTrue(w.c.tables().callbackErrorLog().find(errorId).orElseThrow().resolved(), "the Python stack's entry is closed");
        w.replay.handle("{\"allOpen\": true}");
        assertPaidOnce(order, charge);
        assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow().paid());
    }

    @Test
    void replayOfAllOpenEntriesPaysAnOrderWhoseFailedCallbackPythonLoggedOnce() {
        String charge = "chrg_test_pyqr_open" + seq;
        String order = pythonOrder("18.00", charge);
        String errorId = pythonLoggedCallback(order, charge, "18.00");

        w.replay.handle("{\"allOpen\": true}");
        w.replay.handle("{\"allOpen\": true}");

        assertPaidOnce(order, charge);
        assertTrue(w.c.tables().callbackErrorLog().find(errorId).orElseThrow().resolved());
    }
}
