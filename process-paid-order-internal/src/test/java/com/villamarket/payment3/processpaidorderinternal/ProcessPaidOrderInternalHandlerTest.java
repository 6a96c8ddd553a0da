package com.villamarket.payment3.processpaidorderinternal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.mail.SendEmail;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.PaymentType;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.RepoFiles;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * ProcessPaidOrderInternal end to end: sample payloads from events/ in, against moto's DynamoDB
 * with the template's tables and a KBank stub on loopback; SES and SNS are Mockito / a recorder.
 */
@LocalSuiteTest
class ProcessPaidOrderInternalHandlerTest {

    private static final String ORDER = "002500048744";
    private static final String CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static List<String> topic;
    private static ProcessPaidOrderInternalHandler handler;
    private static int orderSeq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        topic = test.topic();
        handler = new ProcessPaidOrderInternalHandler(test.function());
    }


    @BeforeEach
    void resetFakes() {
        suite.kbank().reset();
        reset(test.ses());
        topic.clear();
    }

    private static String invoke(String payload) {
        return Handlers.invoke(handler, payload);
    }

    /** The handler's service, without Lambda's types or the handler's JSON envelope. */
    private static Outcome process(String payload) {
        return ProcessPaidOrderInternalService.create(test.function()).process(payload);
    }

    private static String newOrder(String dataJson, DataForm form) {
        String id = String.format("6600%08d", ++orderSeq);
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse(dataJson), form);
        return id;
    }

    private static String qrPayload(String order, String charge) {
        return "{\"orderId\":\"" + order + "\",\"paymentType\":\"qr\",\"success\":true,\"chargeId\":\"" + charge + "\"}";
    }

    /** The QR payment record the settle path writes before it hands a paid charge on. */
    private static void recorded(String order, String charge) {
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId(charge), new OrderId(order), Instant.now(),
                true, Money.of("6")));
    }

    private static Order order(String id) {
        return c.tables().orders().find(new OrderId(id)).orElseThrow();
    }

    private static List<ProcessPaidOrderLog> rows(String order, String outcome) {
        return c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.valueOf(outcome)).toList();
    }

    private static void assertMailsSent(int count) {
        verify(test.ses(), times(count)).sendEmail(any(), any(), any(), any());
    }

    @Test
    void theQrSampleMarksTheOrderPaidOnceAndNotifies() throws Exception {
        c.tables().orders().put(new OrderId(ORDER), (ObjectNode) Json.parse("{\"grandTotal\": 6.0, \"customer\": \"A\"}"),
                DataForm.JSON_STRING);
        suite.paidQrCharge(CHARGE, "6.00", ORDER);
        recorded(ORDER, CHARGE);

        String out = invoke(RepoFiles.read("events/process-paid-order-internal/qr.json"));

        assertEquals(Json.parse("{\"statusCode\":200,\"body\":\"\\\"success\\\"\"}"), Json.parse(out));
        Order paid = order(ORDER);
        assertTrue(paid.isPaid());
        assertEquals(CHARGE, paid.paidChargeId().value());
        JsonNode header = paid.data().path("payment");
        assertTrue(header.path("isPaid").asBoolean());
        assertEquals(CHARGE, header.path("paymentId").asText());
        assertEquals("qr", header.path("paymentMethod").asText());
        assertEquals(0, header.path("totalPaid").decimalValue().compareTo(new BigDecimal("6.00")));
        assertEquals("A", paid.data().path("customer").asText(), "the rest of the order is untouched");
        assertEquals(DataForm.JSON_STRING, paid.form());
        List<ProcessPaidOrderLog> success = rows(ORDER, "PAID");
        assertEquals(1, success.size());
        assertFalse(success.get(0).isError());
        assertEquals(paid.paidAt(), success.get(0).createdAt());
        assertMailsSent(1);
        assertEquals(1, topic.size());

        // The same invocation again, in each of the sample's other forms: nothing happens twice.
        invoke(RepoFiles.read("events/process-paid-order-internal/aliases.json"));
        invoke(RepoFiles.read("events/process-paid-order-internal/string-payload.json"));
        assertEquals(1, rows(ORDER, "PAID").size());
        assertMailsSent(1);
        assertEquals(1, topic.size());
    }

    @Test
    void anOrderStoredAsAMapIsPaidInPlace() {
        String order = newOrder("{\"grandTotal\": 300.5, \"note\": \"x\"}", DataForm.MAP);
        suite.paidQrCharge("chrg_test_map", "300.50", order);
        recorded(order, "chrg_test_map");

        assertEquals(Outcome.PAID, process(qrPayload(order, "chrg_test_map")));

        Map<String, AttributeValue> item = suite.dynamoDb().getItem(r -> r.tableName(suite.orderTable())
                .key(Map.of("orderId", AttributeValue.fromS(order)))).item();
        assertTrue(item.get("data").hasM(), "written back as a map");
        assertEquals("x", item.get("data").m().get("note").s());
        assertEquals(Boolean.TRUE, item.get("data").m().get("payment").m().get("isPaid").bool());
    }

    @Test
    void concurrentInvocationsPayOnceWriteOneRowAndNotifyOnce() throws Exception {
        String order = newOrder("{\"grandTotal\": 120}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_conc", "120", order);
        recorded(order, "chrg_test_conc");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            outcomes.add(pool.submit((Callable<Outcome>) () -> {
                go.await();
                return process(qrPayload(order, "chrg_test_conc"));
            }));
        }
        go.countDown();
        for (Future<Outcome> outcome : outcomes) {
            assertEquals(Outcome.PAID, outcome.get());
        }
        pool.shutdown();

        assertEquals(1, rows(order, "PAID").size());
        assertMailsSent(1);
        assertEquals(1, topic.size());
    }

    @Test
    void chargeKBankDoesNotConfirmLeavesTheOrderUnpaid() throws Exception {
        String order = "002500048745";
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 6}"), DataForm.JSON_STRING);
        suite.qrCharge("chrg_prod_unpaid0000000000000000000000000001", "6", "error", "Declined", order);
        recorded(order, "chrg_prod_unpaid0000000000000000000000000001");

        // The unpaid sample says success: true; KBank's answer decides, and it is final (no throw, no retry).
        invoke(RepoFiles.read("events/process-paid-order-internal/unpaid.json"));

        assertFalse(order(order).isPaid());
        List<ProcessPaidOrderLog> failed = rows(order, "NOT_PAID");
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).isError());
        assertTrue(rows(order, "PAID").isEmpty());
        assertMailsSent(1);
        assertTrue(topic.get(0).contains("order.payment_failed"));
    }

    @Test
    void chargeForAnotherAmountLeavesTheOrderUnpaid() {
        String order = newOrder("{\"grandTotal\": 500}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_amount", "6", order);
        recorded(order, "chrg_test_amount");
        assertEquals(Outcome.NOT_PAID, process(qrPayload(order, "chrg_test_amount")));
        assertFalse(order(order).isPaid());
    }

    @Test
    void kbankOutageIsThrownForLambdasRetryAndLogged() {
        String order = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_down", 502, "Bad Gateway");
        recorded(order, "chrg_test_down");

        assertThrows(KBankException.class, () -> process(qrPayload(order, "chrg_test_down")));

        assertFalse(order(order).isPaid());
        List<ProcessPaidOrderLog> failed = rows(order, "FAILED");
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).isError());
        assertTrue(failed.get(0).data().contains("chrg_test_down"), "the raw event is kept");

        // Lambda's retry, once KBank is back, pays the order.
        suite.kbank().reset();
        suite.paidQrCharge("chrg_test_down", "6", order);
        recorded(order, "chrg_test_down");
        assertEquals(Outcome.PAID, process(qrPayload(order, "chrg_test_down")));
    }

    @Test
    void missingOrderIsThrownAndLogged() {
        recorded("550000000000", "chrg_test_none");
        assertThrows(StoredDataException.class, () -> process(qrPayload("550000000000", "chrg_test_none")));
        assertEquals(1, rows("550000000000", "FAILED").size());
    }

    @Test
    void malformedPayloadIsThrownAndLogged() {
        assertThrows(PaymentRejectedException.class,
                () -> invoke(RepoFiles.read("events/process-paid-order-internal/malformed.json")));
        assertThrows(PaymentRejectedException.class, () -> process("{\"orderId\":\"1\",\"paymentType\":\"cash\"}"));
        assertThrows(PaymentRejectedException.class, () -> process("not json"));
        assertTrue(rows("-", "FAILED").size() >= 2);
    }

    @Test
    void failedNotificationIsRetriedAndSentOnce() {
        String order = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_mailfail", "6", order);
        recorded(order, "chrg_test_mailfail");
        SendEmail ses = test.ses();
        doThrow(new IllegalStateException("SES down")).when(ses).sendEmail(any(), any(), any(), any());

        assertThrows(IllegalStateException.class, () -> process(qrPayload(order, "chrg_test_mailfail")));
        assertTrue(order(order).isPaid(), "the paid transition stands");
        assertEquals(StepState.NONE, order(order).step(OrderRepository.NOTIFY), "the notification claim is given back");

        reset(ses);
        assertEquals(Outcome.PAID, process(qrPayload(order, "chrg_test_mailfail")));
        assertEquals(Outcome.PAID, process(qrPayload(order, "chrg_test_mailfail")));
        verify(ses, times(1)).sendEmail(any(), any(), any(), any());
        assertEquals(1, rows(order, "PAID").size());
    }

    @Test
    void orderPaidWithAnotherChargeIsNotPaidAgain() {
        String order = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_a", "6", order);
        recorded(order, "chrg_test_a");
        suite.paidQrCharge("chrg_test_b", "6", order);
        recorded(order, "chrg_test_b");
        assertEquals(Outcome.PAID, process(qrPayload(order, "chrg_test_a")));

        assertEquals(Outcome.ALREADY_PAID, process(qrPayload(order, "chrg_test_b")));

        assertEquals("chrg_test_a", order(order).paidChargeId().value());
        assertEquals(1, rows(order, "ALREADY_PAID").size());
        // The paid e-mail of the first charge, and at once the page of the second, which took money too.
        assertMailsSent(2);
        assertEquals(List.of("ORDER_ALREADY_PAID"), c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> "chrg_test_b".equals(ReceivedId.textOf(e.chargeId()))).map(e -> e.errorType()).toList());

        assertEquals(Outcome.ALREADY_PAID, process(qrPayload(order, "chrg_test_b")), "Lambda's retry");
        assertMailsSent(2);
    }

    @Test
    void orderPaidByThePythonStackIsLeftAlone() {
        String order = newOrder("{\"grandTotal\": 6, \"payment\": {\"isPaid\": true, \"paymentId\": \"chrg_test_py\"}}",
                DataForm.JSON_STRING);
        recorded(order, "chrg_test_py");
        assertEquals(Outcome.ALREADY_PAID, process(qrPayload(order, "chrg_test_py")));
        assertEquals(0, suite.kbank().calls("GET", "/qr/v2/qr/chrg_test_py"));
        assertMailsSent(0);
    }

    /** A card payment of an order as card-token records it, with its charge. */
    private static void cardRecord(String order, String token, String charge, String total) {
        assertTrue(c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order),
                Money.of(total), null, false, null, Instant.now())));
        c.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId(charge));
    }

    @Test
    void cardPaymentIsConfirmedWithKBanksChargeInquiryAndTheCheckIsRecorded() throws Exception {
        String order = "492500005646";
        String charge = "chrg_test_sample_paid";
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 250.5}"), DataForm.JSON_STRING);
        cardRecord(order, "tokn_test_ppoi_card", charge, "250.50");
        suite.kbank().cardCharge(charge, "250.50", "success", "Authorized", order);

        invoke(RepoFiles.read("events/process-paid-order-internal/card.json"));

        Order paid = order(order);
        assertEquals(charge, paid.paidChargeId().value());
        assertEquals("card", paid.data().path("payment").path("paymentMethod").asText());
        assertEquals(1, rows(order, "PAID").size());
        assertEquals(PaymentType.CARD, rows(order, "PAID").get(0).paymentType());
        assertEquals(1, suite.kbank().calls("GET", "/card/v2/charge/" + charge), "KBank decides, not a stored row");
        List<CheckStatus> checks = c.tables().checkStatus().forOrder(new OrderId(order));
        assertEquals(1, checks.size());
        assertTrue(checks.get(0).success());
        assertEquals(Money.of("250.50"), checks.get(0).amount());
    }

    @Test
    void declinedCardChargeLeavesTheOrderUnpaidForGood() {
        String order = newOrder("{\"grandTotal\": 10}", DataForm.JSON_STRING);
        cardRecord(order, "tokn_test_ppoi_declined", "chrg_test_cardfail", "10");
        suite.kbank().cardCharge("chrg_test_cardfail", "10", "error", "Declined", order);

        assertEquals(Outcome.NOT_PAID, process("{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"success\":false}"));

        assertFalse(order(order).isPaid());
        assertEquals(1, rows(order, "NOT_PAID").size());
        assertFalse(c.tables().checkStatus().forOrder(new OrderId(order)).get(0).success());
    }

    @Test
    void cardChargeStillInThreeDSecureIsRetriedNeverRecordedAsFailed() {
        // Regression: a state that is not final (Pre-Authorized) once counted as a final failure.
        String order = newOrder("{\"grandTotal\": 10}", DataForm.JSON_STRING);
        cardRecord(order, "tokn_test_ppoi_3ds", "chrg_test_card3ds", "10");
        suite.kbank().cardCharge("chrg_test_card3ds", "10", "success", "Pre-Authorized", order);
        String payload = "{\"orderId\":\"" + order + "\",\"paymentType\":\"card\",\"chargeId\":\"chrg_test_card3ds\"}";

        assertThrows(PaymentPendingException.class, () -> process(payload));

        assertTrue(rows(order, "NOT_PAID").isEmpty());
        assertMailsSent(0);
        suite.kbank().cardCharge("chrg_test_card3ds", "10", "success", "Authorized", order);
        assertEquals(Outcome.PAID, process(payload));
    }

    @Test
    void callersSuccessFlagDoesNotDecide() {
        String order = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.qrCharge("chrg_test_liar", "6", "error", "Declined", order);
        recorded(order, "chrg_test_liar");
        assertEquals(Outcome.NOT_PAID, process(qrPayload(order, "chrg_test_liar")));
        assertFalse(order(order).isPaid());
    }

    @Test
    void aChargeThatPaidOneOrderDoesNotPayAnotherWhoeverAsks() {
        String paid = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        String other = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_bound", "6", paid);
        recorded(paid, "chrg_test_bound");
        assertEquals(Outcome.PAID, process(qrPayload(paid, "chrg_test_bound")));
        // KBank's answer, altered to name the other order, would not be enough either: the suite's record binds.
        suite.paidQrCharge("chrg_test_bound", "6", other);

        assertEquals(Outcome.NOT_PAID, process(qrPayload(other, "chrg_test_bound")));

        assertFalse(order(other).isPaid());
        assertEquals(1, rows(other, "REFUSED").size());
        assertEquals(1, suite.kbank().calls("GET", "/qr/v2/qr/chrg_test_bound"), "only the first run asked KBank");
        assertMailsSent(1);
    }

    @Test
    void aQrChargeWithoutAPaidRecordPaysNothing() {
        String order = newOrder("{\"grandTotal\": 6}", DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_unrecorded", "6", order);
        assertEquals(Outcome.NOT_PAID, process(qrPayload(order, "chrg_test_unrecorded")));
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_unrecorded"), new OrderId(order),
                Instant.now(), false, null));
        assertEquals(Outcome.NOT_PAID, process(qrPayload(order, "chrg_test_unrecorded")));

        assertFalse(order(order).isPaid());
        assertEquals(2, rows(order, "REFUSED").size());
        assertEquals(0, suite.kbank().calls("GET", "/qr/v2/qr/chrg_test_unrecorded"));
        assertMailsSent(0);
    }
}
