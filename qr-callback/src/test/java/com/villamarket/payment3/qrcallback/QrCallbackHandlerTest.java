package com.villamarket.payment3.qrcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.invoke.LambdaInvoke;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.mail.SendEmail;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.ReportOutcome;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.KBankAlterations;
import com.villamarket.payment3.testkit.KBankAlterations.Alteration;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The QR callback handler end to end: sample events from events/ in, against moto's DynamoDB with
 * the template's tables, a KBank stub on loopback, and Mockito for Lambda invoke and SES only.
 */
@LocalSuiteTest
class QrCallbackHandlerTest {

    /** The order and charge of events/qr-callback/paid.json. */
    private static final String ORDER = "002500048744";
    private static final String CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static LambdaInvoke lambda;
    private static QrCallbackHandler handler;
    private static int orderSeq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents.Builder parts) {
        suite = localSuite;
        lambda = mock(LambdaInvoke.class);
        test = parts.invoker(new LambdaAsyncInvoker(lambda)).build();
        c = test.admin();
        handler = new QrCallbackHandler(test.function());
    }


    @BeforeEach
    void resetFakes() {
        suite.kbank().reset();
        reset(lambda, test.ses());
        when(lambda.invoke(any())).thenReturn(new LambdaInvoke.Response(202, Optional.empty(), ""));
    }

    record Answer(int status, String body) {
    }

    /** The handler's answer for an event as aws-lambda-java-tests loads it, written back by the suite's mapper. */
    private static Answer call(APIGatewayProxyRequestEvent event) {
        return call(Json.write(event));
    }

    private static Answer call(String eventJson) {
        Handlers.ApiAnswer answer = Handlers.api(handler, eventJson);
        assertEquals("text/html; charset=utf-8", answer.contentType());
        return new Answer(answer.status(), answer.body());
    }

    /** The paid sample event with another form body. */
    private static String eventWithBody(String body) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/qr-callback/paid.json"));
        event.put("body", body);
        return Json.write(event);
    }

    private static String form(String order, String amount, String charge) {
        return "orderId=" + order + "&status=success&amount=" + amount + "&chargeId=" + charge;
    }

    /** A new order id of this test class, so tests never share an order. */
    private static String newOrder(String total) {
        String id = String.format("7700%08d", ++orderSeq);
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + ", \"items\": []}"),
                DataForm.JSON_STRING);
        return id;
    }

    private static List<JsonNode> invocations() {
        ArgumentCaptor<LambdaInvoke.Request> captor = ArgumentCaptor.forClass(LambdaInvoke.Request.class);
        verify(lambda, atLeastOnce()).invoke(captor.capture());
        List<JsonNode> payloads = new ArrayList<>();
        for (LambdaInvoke.Request request : captor.getAllValues()) {
            assertEquals(LambdaInvoke.Type.EVENT, request.type());
            assertEquals(c.platform().names().processPaidOrderInternalFunction(), request.functionName());
            payloads.add(Json.parse(request.payload()));
        }
        return payloads;
    }

    private static void assertNotInvoked() {
        verify(lambda, never()).invoke(any());
    }

    private static List<CallbackError> errorsFor(String order) {
        return c.tables().callbackErrorLog().scanAll().stream().filter(e -> order.equals(ReceivedId.textOf(e.orderId()))).toList();
    }

    private static String onlyOutcome(String order) {
        List<QrCallbackRecord> records = c.tables().qrCallbackRecords().forOrder(new OrderId(order));
        assertEquals(1, records.size());
        return records.get(0).outcome().asCallbackOutcome();
    }

    private static void assertErrorLoggedAndMailed(String order, String rawEventPart) {
        List<CallbackError> errors = errorsFor(order);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).rawEvent().contains(rawEventPart), "the raw event is kept for replay");
        verify(test.ses()).sendEmail(any(), any(), any(), any());
    }

    @ParameterizedTest
    @Event(value = "events/qr-callback/paid.json", type = APIGatewayProxyRequestEvent.class)
    void paidCallbackRecordsThePaymentInvokesOnceAndRedirects(APIGatewayProxyRequestEvent paid) {
        c.tables().orders().put(new OrderId(ORDER), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        suite.paidQrCharge(CHARGE, "6.00", ORDER);

        Answer answer = call(paid);

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("URL='https://shop.villamarket.com/thankyou?orderId=002500048744&amp;status=success"
                + "&amp;amount=6.00&amp;chargeId=" + CHARGE + "'"), answer.body());
        QrPaymentRecord record = c.tables().qrPaymentRecords().find(new ChargeId(CHARGE)).orElseThrow();
        assertEquals(ORDER, record.orderId().value());
        assertTrue(record.paid());
        assertEquals(Money.of("6.00"), record.paidAmount());
        assertTrue(record.handOn().isDone(), "handed on, once");
        List<JsonNode> payloads = invocations();
        assertEquals(1, payloads.size());
        assertEquals(Json.parse("{\"orderId\":\"002500048744\",\"paymentType\":\"qr\",\"success\":true,"
                + "\"chargeId\":\"" + CHARGE + "\"}"), payloads.get(0));
        assertEquals(List.of(ReportOutcome.ACCEPTED.asCallbackOutcome()), outcomesOfRequest(ORDER, "req-paid"));
        assertTrue(errorsFor(ORDER).stream().noneMatch(e -> e.rawEvent().contains("req-paid")));

        // The base64 sample is the same callback, so it is a replay: answered alike, not processed again.
        Answer replay = call(EventLoader.loadApiGatewayRestEvent("events/qr-callback/base64.json"));
        assertEquals(200, replay.status());
        assertEquals(answer.body(), replay.body());
        assertEquals(1, invocations().size());
        assertEquals(List.of(ReportOutcome.REPLAY.asCallbackOutcome()), outcomesOfRequest(ORDER, "req-base64"));
    }

    @Test
    void aCallbackThatHandsOnIsRecordedWhileTheHandOnIsMarkedDoneNotAfterIt(TestComponents.Builder parts) {
        String order = newOrder("6.00");
        String charge = "chrg_test_overlap" + orderSeq;
        suite.paidQrCharge(charge, "6.00", order);
        CountDownLatch callbackRecorded = new CountDownLatch(1);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] overlapped = new boolean[1];
        TestComponents hooked = parts.invoker(new LambdaAsyncInvoker(lambda)).afterEachCall(call -> {
            calls.add(call);
            if (call.equals("dynamodb putItem " + c.platform().names().qrCallbackRecordTable())) {
                callbackRecorded.countDown();
            }
            if (call.equals("dynamodb updateItem " + c.platform().names().qrPaymentRecordTable())) {
                // Written one after the other, the callback's record would come only after this returns.
                try {
                    overlapped[0] = callbackRecorded.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }).build();

        Handlers.ApiAnswer answer = Handlers.api(new QrCallbackHandler(hooked.function()), eventWithBody(form(order, "6.00", charge)));

        assertEquals(200, answer.status());
        assertTrue(overlapped[0], "the callback's record was written while the hand-on was marked done");
        assertEquals(List.of("dynamodb getItem " + c.platform().names().orderTable(), "kbank GET /qr/v2/qr/" + charge,
                "dynamodb getItem " + c.platform().names().kbankOrderTable(),
                "dynamodb putItem " + c.platform().names().qrPaymentRecordTable(), "invoke " + c.platform().names().processPaidOrderInternalFunction()),
                calls.subList(0, 5), "the browser waits for four round trips to DynamoDB (the order, the KBank order its"
                        + " charge names, the record, then the two overlapped), KBank's and Lambda's");
        assertEquals(java.util.Set.of("dynamodb updateItem " + c.platform().names().qrPaymentRecordTable(),
                "dynamodb putItem " + c.platform().names().qrCallbackRecordTable()), java.util.Set.copyOf(calls.subList(5, calls.size())));
        assertEquals(7, calls.size(), String.valueOf(calls));
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow().handOn().isDone());
        assertEquals(ReportOutcome.ACCEPTED.asCallbackOutcome(), onlyOutcome(order));
    }

    private static List<String> outcomesOfRequest(String order, String requestId) {
        return c.tables().qrCallbackRecords().forOrder(new OrderId(order)).stream().filter(r -> requestId.equals(r.requestId()))
                .map(r -> r.outcome().asCallbackOutcome()).toList();
    }

    @Test
    void base64BodyIsDecoded() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_b64", "6", order);
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/qr-callback/base64.json"));
        event.put("body", Base64.getEncoder().encodeToString(form(order, "6", "chrg_test_b64").getBytes(StandardCharsets.UTF_8)));

        assertEquals(200, call(Json.write(event)).status());
        assertEquals(1, invocations().size());
    }

    @ParameterizedTest
    @Event(value = "events/qr-callback/unpaid.json", type = APIGatewayProxyRequestEvent.class)
    void unpaidChargeIsRejectedLoggedAndNeverInvoked(APIGatewayProxyRequestEvent sample) {
        c.tables().orders().put(new OrderId("002500048745"), (ObjectNode) Json.parse("{\"grandTotal\": 6}"), DataForm.JSON_STRING);
        suite.qrCharge("chrg_prod_unpaid0000000000000000000000000001", "6", "error", "Declined", "002500048745");

        Answer answer = call(sample);

        assertEquals(402, answer.status());
        assertTrue(answer.body().contains("not paid"));
        assertNotInvoked();
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId("chrg_prod_unpaid0000000000000000000000000001")).isEmpty());
        assertEquals("REJECTED_NOT_PAID", onlyOutcome("002500048745"));
        assertErrorLoggedAndMailed("002500048745", "req-unpaid");
    }

    @Test
    void unknownChargeIsRejected() {
        String order = newOrder("6");
        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_nobody_knows")));
        assertEquals(400, answer.status());
        assertNotInvoked();
        assertEquals("REJECTED_UNKNOWN_CHARGE", onlyOutcome(order));
        assertErrorLoggedAndMailed(order, "chrg_test_nobody_knows");
    }

    @Test
    void chargeCheaperThanTheOrderIsRejected() {
        String order = newOrder("300.00");
        suite.paidQrCharge("chrg_test_cheap", "6.00", order);
        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_cheap")));
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("6.00, is not the order total 300.00"));
        assertNotInvoked();
        assertEquals("REJECTED_AMOUNT_MISMATCH", onlyOutcome(order));
    }

    @Test
    void tamperedCallbackAmountIsRejected() {
        String order = newOrder("300");
        suite.paidQrCharge("chrg_test_tamper", "300", order);
        assertEquals(400, call(eventWithBody(form(order, "3", "chrg_test_tamper"))).status());
        assertNotInvoked();
    }

    @Test
    void chargeThatPaysAnotherOrderIsRejected() {
        String cheapOrder = newOrder("6");
        String otherOrder = newOrder("6");
        suite.paidQrCharge("chrg_test_elsewhere", "6", otherOrder);

        Answer answer = call(eventWithBody(form(cheapOrder, "6", "chrg_test_elsewhere")));

        assertEquals(409, answer.status());
        assertNotInvoked();
        assertEquals("REJECTED_OTHER_ORDER", onlyOutcome(cheapOrder));
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_elsewhere")).isEmpty());
    }

    @Test
    void chargeAlreadyRecordedForAnotherOrderIsRefusedByTheConditionalWrite() {
        String first = newOrder("6");
        String second = newOrder("6");
        // The charge is bound to the first order in our table (as the Python stack recorded it), though KBank's
        // answer now names the second: only the binding in our table can tell.
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_reused"), new OrderId(first),
                Instant.now(), true, Money.of("6.00")));
        suite.paidQrCharge("chrg_test_reused", "6", second);

        Answer answer = call(eventWithBody(form(second, "6", "chrg_test_reused")));

        assertEquals(409, answer.status());
        assertEquals("REJECTED_CHARGE_USED", onlyOutcome(second));
        assertEquals(first, c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_reused")).orElseThrow().orderId().value());
        assertNotInvoked();
    }

    static Stream<Alteration> alterations() {
        return KBankAlterations.all().stream();
    }

    /**
     * A browser's callback for a charge KBank's answer does not bind (issue 18, finding 2): refused with the reason's
     * status, logged once with KBank's answer and mailed; no record is paid, nothing handed on, the order unpaid.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("alterations")
    void aCallbackWhoseKBankAnswerDoesNotBindIsRefusedLoggedWithTheAnswerAndPaysNothing(Alteration alteration) {
        String order = newOrder(KBankAlterations.ORDER_TOTAL);
        String charge = "chrg_test_alt" + orderSeq;
        ObjectNode paid = KBankAlterations.paidCharge(suite, true, charge, order);
        suite.kbank().alter("GET", "/qr/v2/qr/" + charge, a -> alteration.applyTo(a, order));
        JsonNode served = Json.parse(Json.write(alteration.applyTo(paid.deepCopy(), order)));

        Answer answer = call(eventWithBody(form(order, KBankAlterations.ORDER_TOTAL, charge)));

        RejectionReason reason = RejectionReason.valueOf(alteration.refusal());
        assertEquals(reason.httpStatus(), answer.status(), answer.body());
        assertNotInvoked();
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId(charge)).map(r -> !r.paid()).orElse(true), "no paid record");
        assertFalse(c.tables().orders().find(new OrderId(order)).orElseThrow().isPaid());
        assertEquals("REJECTED_" + reason.name(), onlyOutcome(order));
        List<CallbackError> errors = errorsFor(order);
        assertEquals(1, errors.size());
        assertEquals(reason.name(), errors.get(0).errorType());
        assertEquals(served, Json.parse(errors.get(0).responseData()), "KBank's answer, as served, is kept with the entry");
        verify(test.ses()).sendEmail(any(), any(), any(), any());
    }

    /** Issue 18, finding 10: the refund case pages at once, from the callback that found it, and only once. */
    @Test
    void aSecondRealPaymentOfAPaidOrderIsToldAtOnceOnceAndTheFirstPaymentIsUntouched() {
        String order = String.format("7700%08d", ++orderSeq);
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 6.0, \"items\": [], \"payment\": "
                + "{\"isPaid\": true, \"paymentId\": \"chrg_test_first_pay\"}}"), DataForm.JSON_STRING);
        suite.paidQrCharge("chrg_test_second_pay", "6", order);
        String event = eventWithBody(form(order, "6", "chrg_test_second_pay"));

        Answer first = call(event);
        Answer retried = call(event);

        assertEquals(409, first.status());
        assertEquals(409, retried.status());
        List<CallbackError> errors = errorsFor(order);
        assertEquals(1, errors.size(), "one entry, however often the callback comes");
        assertEquals("ORDER_ALREADY_PAID", errors.get(0).errorType());
        assertFalse(errors.get(0).resolved());
        verify(test.ses(), times(1)).sendEmail(any(), any(), any(), any());
        QrPaymentRecord kept = c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_second_pay")).orElseThrow();
        assertEquals(SettledAs.NEEDS_REFUND, kept.outcome(), "kept for the refund");
        assertNotInvoked();
        assertEquals("chrg_test_first_pay", c.tables().orders().find(new OrderId(order)).orElseThrow().headerPaymentId(),
                "the first payment is untouched");
    }

    @Test
    void kbankRefusingOurKeyIsAPagedConfigurationDefectAnswered503AndSettlesNothing() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_key", "6", order);
        suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_key", 401,
                "{\"object\":\"error\",\"code\":\"authentication_failure\",\"message\":\"invalid x-api-key\"}");

        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_key")));

        assertEquals(503, answer.status());
        assertNotInvoked();
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_key")).isEmpty(), "nothing recorded, nothing refused");
        assertFalse(c.tables().orders().find(new OrderId(order)).orElseThrow().isPaid());
        List<CallbackError> errors = errorsFor(order);
        assertEquals(1, errors.size());
        assertEquals("CONFIGURATION", errors.get(0).errorType(), "a defect of ours, which pages");
        assertFalse(errors.get(0).resolved(), "open, for replay once the key is fixed");
        verify(test.ses()).sendEmail(any(), any(), any(), any());
    }

    @Test
    void orderThatDoesNotExistIsRejected() {
        suite.paidQrCharge("chrg_test_noorder", "6", "880000000000");
        Answer answer = call(eventWithBody(form("880000000000", "6", "chrg_test_noorder")));
        assertEquals(404, answer.status());
        assertNotInvoked();
        assertErrorLoggedAndMailed("880000000000", "chrg_test_noorder");
    }

    @Test
    void replayedCallbackNeitherRecordsNorInvokesTwice() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_replay", "6", order);
        String event = eventWithBody(form(order, "6", "chrg_test_replay"));

        assertEquals(200, call(event).status());
        assertEquals(200, call(event).status());
        assertEquals(200, call(event).status());

        assertEquals(1, invocations().size());
        List<String> outcomes = c.tables().qrCallbackRecords().forOrder(new OrderId(order)).stream().map(r -> r.outcome().asCallbackOutcome()).toList();
        assertEquals(List.of("ACCEPTED", "REPLAY", "REPLAY"), outcomes);
    }

    @Test
    void concurrentIdenticalCallbacksInvokeOnce() throws Exception {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_race", "6", order);
        String event = eventWithBody(form(order, "6", "chrg_test_race"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit((Callable<Answer>) () -> {
                go.await();
                return call(event);
            }));
        }
        go.countDown();
        for (Future<Answer> answer : answers) {
            assertEquals(200, answer.get().status());
        }
        pool.shutdown();

        assertEquals(1, invocations().size());
        List<String> outcomes = c.tables().qrCallbackRecords().forOrder(new OrderId(order)).stream().map(r -> r.outcome().asCallbackOutcome()).toList();
        assertEquals(threads, outcomes.size());
        assertEquals(1, outcomes.stream().filter("ACCEPTED"::equals).count());
    }

    @Test
    void kbankTimeoutIsAnsweredCleanlyAndLogged() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_timeout", "6", order);
        suite.kbank().delay("GET", "/qr/v2/qr/chrg_test_timeout", Duration.ofMillis(4500));

        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_timeout")));

        assertEquals(503, answer.status());
        assertFalse(answer.body().contains("Exception"));
        assertFalse(answer.body().contains("at com."));
        assertNotInvoked();
        assertEquals("FAILED", onlyOutcome(order));
        assertErrorLoggedAndMailed(order, "chrg_test_timeout");
        assertEquals("KBANK_UNAVAILABLE", errorsFor(order).get(0).errorType());
    }

    @Test
    void kbankServerErrorIsAnsweredCleanlyAndLogged() {
        String order = newOrder("6");
        suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_500", 500, "{\"object\":\"error\",\"code\":\"internal\"}");
        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_500")));
        assertEquals(503, answer.status());
        assertNotInvoked();
        assertErrorLoggedAndMailed(order, "chrg_test_500");
    }

    @Test
    void kbankGarbageIsAnsweredCleanlyAndLogged() {
        String order = newOrder("6");
        suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_garbage", 200, "<html>maintenance</html>");
        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_garbage")));
        assertEquals(503, answer.status());
        assertFalse(answer.body().contains("<html>maintenance"));
        assertNotInvoked();
        assertErrorLoggedAndMailed(order, "chrg_test_garbage");
    }

    @ParameterizedTest
    @Event(value = "events/qr-callback/malformed.json", type = APIGatewayProxyRequestEvent.class)
    void malformedEventGetsTheEscapedErrorPageAndIsLogged(APIGatewayProxyRequestEvent sample) {
        Answer answer = call(sample);

        assertEquals(400, answer.status());
        assertFalse(answer.body().contains("<script>"), answer.body());
        assertTrue(answer.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), answer.body());
        assertNotInvoked();
        assertEquals(List.of("REJECTED_MALFORMED"), outcomesOfRequest(ORDER, "req-malformed"));
        List<CallbackError> errors = c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> e.rawEvent() != null && e.rawEvent().contains("req-malformed")).toList();
        assertEquals(1, errors.size());
        assertEquals("MALFORMED", errors.get(0).errorType());
    }

    @Test
    void manyCallbacksWithNoUsableOrderIdInOneInstantAreAllRecordedAndARealOrdersRowsAmongThemToo() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_amid_junk", "6", order);
        Instant at = test.clock().instant();
        int junk = 200;
        CapturedLog log = CapturedLog.start();
        try (log) {
            // The clock does not move: every callback below arrives in the same microsecond.
            for (int i = 0; i < junk; i++) {
                String body = i % 2 == 0 ? "status=success&amount=6&chargeId=chrg_x" : "orderId=<script>&status=success&amount=6&chargeId=chrg_x";
                assertEquals(400, call(withRequestId(eventWithBody(body), "req-junk-" + i)).status());
                if (i % 50 == 0) {
                    assertEquals(200, call(withRequestId(eventWithBody(form(order, "6", "chrg_test_amid_junk")), "req-real-" + i)).status());
                }
            }
        }

        List<QrCallbackRecord> real = c.tables().qrCallbackRecords().forOrder(new OrderId(order));
        assertEquals(List.of("req-real-0", "req-real-50", "req-real-100", "req-real-150"),
                real.stream().map(QrCallbackRecord::requestId).toList());
        List<String> keys = QrCallbackRecord.noOrderKeys(at);
        List<QrCallbackRecord> kept = keys.stream().flatMap(key -> c.tables().qrCallbackRecords().withNoOrder(key).stream())
                .filter(r -> r.requestId() != null && r.requestId().startsWith("req-junk-")).toList();
        assertEquals(junk, kept.size(), "every callback with no usable order id is kept under its hour's keys");
        assertTrue(kept.stream().allMatch(r -> r.outcome().asCallbackOutcome().equals("REJECTED_MALFORMED")), kept.toString());
        assertTrue(keys.stream().filter(key -> !c.tables().qrCallbackRecords().withNoOrder(key).isEmpty()).count() > 8,
                "spread over the hour's shards, not one key");
        assertFalse(log.text().contains("could not"), log.text());
        assertEquals(0, log.metric(Metrics.RECORDS_LOST));
    }

    /** The event with API Gateway's request id replaced, as each request has its own. */
    private static String withRequestId(String event, String requestId) {
        ObjectNode node = (ObjectNode) Json.parse(event);
        ((ObjectNode) node.path("requestContext")).put("requestId", requestId);
        return Json.write(node);
    }

    @Test
    void missingFieldsAndBadBodiesAreRejectedWithoutAStackTrace() {
        for (String body : List.of("", "orderId=1", "orderId=1&status=success&amount=NaN&chargeId=chrg_x",
                "orderId=1&status=success&amount=-6&chargeId=chrg_x", "orderId=1&status=success&amount=1e3&chargeId=chrg_x",
                "orderId=1&orderId=2&status=success&amount=6&chargeId=chrg_x", "%%%")) {
            Answer answer = call(eventWithBody(body));
            assertEquals(400, answer.status(), body);
            assertFalse(answer.body().contains("Exception"), body);
        }
        Answer notJson = call("this is not an event");
        assertEquals(400, notJson.status());
        assertNotInvoked();
    }

    @Test
    void aCallbackWithSeveralProblemsNamesThemAll() {
        Answer answer = call(eventWithBody("orderId=002500049999&amount=6.0.0"));

        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("status and chargeId are missing; amount is not a plain decimal number"), answer.body());
    }

    @Test
    void failedInvocationIsAnsweredCleanlyAndAReplayInvokesAgain() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_invokefail", "6", order);
        String event = eventWithBody(form(order, "6", "chrg_test_invokefail"));
        when(lambda.invoke(any())).thenThrow(AwsServiceException.builder().message("throttled").build());

        Answer failed = call(event);

        assertEquals(503, failed.status());
        assertEquals(StepState.NONE, c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_invokefail")).orElseThrow().handOn(),
                "the claim is given back");
        assertErrorLoggedAndMailed(order, "chrg_test_invokefail");

        reset(lambda);
        when(lambda.invoke(any())).thenReturn(new LambdaInvoke.Response(202, Optional.empty(), ""));
        assertEquals(200, call(event).status());
        verify(lambda, times(1)).invoke(any());
    }

    @Test
    void secondPaymentOfAPaidOrderIsKeptForRefundAndNotProcessed() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_first", "6", order);
        suite.paidQrCharge("chrg_test_second", "6", order);
        assertEquals(200, call(eventWithBody(form(order, "6", "chrg_test_first"))).status());
        // ProcessPaidOrderInternal marked it paid meanwhile.
        var read = c.tables().orders().find(new OrderId(order)).orElseThrow();
        assertTrue(c.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_first"), Instant.now()));

        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_second")));

        assertEquals(409, answer.status());
        assertTrue(answer.body().contains("needs a refund"));
        assertTrue(c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_second")).isPresent(), "the money is on record");
        assertEquals(1, invocations().size());
    }

    @Test
    void replayOfTheChargeThatPaidTheOrderIsStillASuccess() {
        String order = newOrder("6");
        suite.paidQrCharge("chrg_test_paidreplay", "6", order);
        String event = eventWithBody(form(order, "6", "chrg_test_paidreplay"));
        assertEquals(200, call(event).status());
        var read = c.tables().orders().find(new OrderId(order)).orElseThrow();
        c.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_paidreplay"), Instant.now());

        assertEquals(200, call(event).status());
        assertEquals(1, invocations().size());
    }

    @Test
    void sesTroubleNeverBreaksTheAnswer() {
        SendEmail ses = test.ses();
        doThrow(new IllegalStateException("SES down")).when(ses).sendEmail(any(), any(), any(), any());
        String order = newOrder("6");
        Answer answer = call(eventWithBody(form(order, "6", "chrg_test_ses")));
        assertEquals(400, answer.status());
        assertEquals(1, errorsFor(order).size());
    }
}
