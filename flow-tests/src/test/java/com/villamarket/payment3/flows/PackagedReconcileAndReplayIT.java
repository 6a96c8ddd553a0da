package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.errors.ReplayMark;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LambdaApiStub.Invocation;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedStack;
import com.villamarket.payment3.testkit.RepoFiles;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reconcile and replay jars, each run by Lambda's java runtime interface client as template.yaml
 * configures it: the schedule's event finishes a payment that was recorded but never handed on, and replay
 * sends a logged callback and a dead-lettered invocation again through the Lambda Invoke API.
 */
class PackagedReconcileAndReplayIT {

    @Test
    void theReconcileJarHandsOnAPaymentRecordedButNeverHandedOnOnce() {
        try (PackagedStack stack = PackagedStack.start()) {
            LocalSuite suite = stack.suite();
            LambdaFunctionProcess function = stack.start("ReconcileFunction");
            new OrderRepository(suite.dynamoDb(), suite.orderTable()).put(new OrderId("002500048745"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            suite.paidQrCharge("chrg_test_lost_callback", "6.00", "002500048745");
            // What a QR callback that died right after recording the charge leaves behind, an hour ago.
            new QrPaymentRecordRepository(suite.dynamoDb(), new Names(suite.branch()).qrPaymentRecordTable())
                    .recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_lost_callback"), new OrderId("002500048745"),
                            Instant.now().minusSeconds(3600), true, Money.of("6.00")));
            String schedule = RepoFiles.read("events/reconcile/schedule.json");

            JsonNode first = PackagedStack.body(PackagedStack.answer(function, schedule));
            JsonNode second = PackagedStack.body(PackagedStack.answer(function, schedule));

            assertEquals(1, first.path("handedOn").asInt(), first.toString());
            assertEquals(0, first.path("errors").asInt(), first.toString());
            assertEquals(0, second.path("handedOn").asInt(), "nothing left to hand on: " + second);
            List<Invocation> invocations = stack.lambda().invocations();
            assertEquals(1, invocations.size());
            assertEquals("payment3-process-paid-order-internal-" + suite.branch(), invocations.get(0).functionName());
            assertEquals("Event", invocations.get(0).invocationType());
            assertTrue(invocations.get(0).payload().contains("chrg_test_lost_callback"), invocations.get(0).payload());
        }
    }

    @Test
    void theReplayJarSendsALoggedCallbackAndADeadLetterAgainThroughTheInvokeApi() {
        try (PackagedStack stack = PackagedStack.start()) {
            LocalSuite suite = stack.suite();
            LambdaApiStub lambda = stack.lambda();
            LambdaFunctionProcess function = stack.start("ReplayFunction");
            CallbackErrorLogRepository errors = new CallbackErrorLogRepository(suite.dynamoDb(),
                    new Names(suite.branch()).callbackErrorLogTable());
            String errorId = UUID.randomUUID().toString();
            String callback = RepoFiles.read("events/qr-callback/paid.json");
            errors.record(new CallbackError(errorId, Instant.now(), "qrcallback", ReceivedId.of("002500048744"),
                    ReceivedId.of("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6"), "KBank timed out", "KBANK_UNAVAILABLE", callback, null,
                    false));
            String qrCallback = "payment3-qrcallback-" + suite.branch();
            lambda.answer(qrCallback, "{\"statusCode\":200,\"body\":\"<html></html>\"}");

            JsonNode replayed = PackagedStack.body(PackagedStack.answer(function, "{\"errorId\": \"" + errorId + "\"}")).get(0);
            // The sample dead letter names the local stack's ProcessPaidOrderInternal: here, this suite's branch's.
            JsonNode redelivered = PackagedStack.body(PackagedStack.answer(function, RepoFiles.read("events/replay/dead-letter.json")
                    .replace("-local:", "-" + suite.branch() + ":"))).get(0);

            assertTrue(replayed.path("succeeded").asBoolean(), replayed.toString());
            assertTrue(errors.isResolved(errorId));
            assertTrue(redelivered.path("succeeded").asBoolean(), redelivered.toString());
            List<Invocation> invocations = lambda.invocations();
            assertEquals(2, invocations.size());
            assertEquals(qrCallback, invocations.get(0).functionName());
            assertEquals("RequestResponse", invocations.get(0).invocationType());
            assertEquals(Json.parse(callback), Json.parse(ReplayMark.unmarked(invocations.get(0).payload())),
                    "the logged raw event, unchanged but for the mark naming its entry");
            assertEquals(errorId, ReplayMark.read(invocations.get(0).payload()).orElseThrow());
            // The dead letter names its function by ARN.
            assertEquals("payment3-process-paid-order-internal-" + suite.branch(), invocations.get(1).functionName());
            assertEquals("RequestResponse", invocations.get(1).invocationType());
            assertTrue(invocations.get(1).payload().contains("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6"));
        }
    }
}
