package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.testkit.RepoFiles;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KBank order creation (seed 003), KBank's QR payment notification (seed 004) and the card notify
 * webhook, with the sample events, against moto's DynamoDB and the KBank stub.
 */
@FlowTest
class NotifyAndOrderTest {

    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
    }

    /** A sample event with body fields replaced. */
    private static String sample(String file, Map<String, Object> fields) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read(file));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        fields.forEach((k, v) -> body.set(k, Json.mapper().valueToTree(v)));
        event.put("body", Json.write(body));
        event.with("requestContext").put("requestId", "req-" + (++seq));
        return Json.write(event);
    }

    private static JsonNode createOrder(String orderId, String source) {
        Answer answer = w.api(w.createOrder, sample("events/kbank-create-order/qr.json",
                Map.of("orderid", orderId, "source", source)));
        assertEquals(200, answer.status(), answer.body());
        return Json.parse(answer.body());
    }

    // --- kbank-create-order ---------------------------------------------------------------------


    // --- qr-notify ------------------------------------------------------------------------------

    private static String qrNotify(String reference, String amount, String partner) {
        return sample("events/qr-notify/paid.json", Map.of("partnerTxnUid", reference, "txnAmount",
                new BigDecimal(amount), "partnerId", partner, "merchantId", "401001234567001"));
    }

    @Test
    void paidQrNotificationPaysTheOrderOnce() {
        String order = w.order("300");
        String reference = createOrder(order, "qr").path("reference_order").asText();
        w.suite.kbank().paidQrCharge("chrg_test_qrn1", "300", reference);
        String notify = qrNotify(reference, "300.00", "POS001");

        for (int i = 0; i < 3; i++) {
            Answer answer = w.api(w.qrNotify, notify);
            assertEquals(200, answer.status(), answer.body());
            assertEquals(Json.parse("{\"statusCode\":\"00\",\"errorCode\":null,\"errorDesc\":null}"), Json.parse(answer.body()));
        }

        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).size());
        assertEquals(List.of(), w.drain());
        assertEquals("chrg_test_qrn1", w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertEquals(List.of("ACCEPTED", "REPLAY", "REPLAY"), outcomes(reference));
    }

    @Test
    void aPaidQrNotificationWhoseOwnRecordCannotBeWrittenIsStillAcknowledgedAndCounted() {
        String order = w.order("120");
        String reference = createOrder(order, "qr").path("reference_order").asText();
        w.suite.kbank().paidQrCharge("chrg_test_qrn_lostrecord", "120", reference);
        String table = w.c.platform().names().qrNotifyTable();
        w.faults.throttle("putItem", table, 1_000);

        CapturedLog log = CapturedLog.start();
        Answer answer;
        try (log) {
            answer = w.api(w.qrNotify, qrNotify(reference, "120.00", "POS001"));
        } finally {
            w.faults.clear();
        }

        // The payment is settled and handed on: KBank is told so, not asked to send again.
        assertEquals(200, answer.status(), answer.body());
        assertEquals("00", Json.parse(answer.body()).path("statusCode").asText(), answer.body());
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(call -> call.payload().contains("chrg_test_qrn_lostrecord")).count());
        // The record that could not be written is counted for the alarm, and no other record misstates it.
        assertEquals(1, log.metric(Metrics.RECORDS_LOST), log.text());
        assertEquals(List.of(), outcomes(reference));
        assertFalse(w.c.tables().kbankOrders().findByReference(reference).orElseThrow().pending(), "the KBank order is settled");
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));

        // KBank's next notification of it is recorded as what it is.
        assertEquals(200, w.api(w.qrNotify, qrNotify(reference, "120.00", "POS001")).status());
        assertEquals(List.of("REPLAY"), outcomes(reference));
    }

    @Test
    void qrNotificationAndQrCallbackForOnePaymentProcessItOnce() {
        String order = w.order("45");
        String reference = createOrder(order, "qr").path("reference_order").asText();
        w.suite.kbank().paidQrCharge("chrg_test_qrn2", "45", reference);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent("orderId=" + order + "&status=success&amount=45&chargeId=chrg_test_qrn2",
                "req-cb-" + (++seq))).status());
        assertEquals(200, w.api(w.qrNotify, qrNotify(reference, "45", "POS001")).status());
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).size());
        w.drain();
        assertTrue(w.paid(order));
    }

    private static List<String> outcomes(String reference) {
        return w.c.tables().qrNotifications().forTransaction(reference).stream().map(n -> n.outcome().asNotifyOutcome()).toList();
    }


    // --- card-notify ----------------------------------------------------------------------------

    private static String startCardPayment(String order) {
        String token = w.suite.kbank().cardToken("3ds");
        String pay = Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"" + token + "\",\"orderId\":\"" + order + "\"}", "req-pay-" + (++seq));
        assertEquals(200, w.api(w.cardToken, pay).status());
        return token;
    }

    /** KBank's notify for a charge as the stub now has it, signed with the suite's secret key. */
    private static String signedNotify(String chargeId, String secretKey) {
        return signed(w.suite.kbank().charge("/card/v2/charge/" + chargeId).deepCopy(), secretKey);
    }

    /** A notify of this charge object, signed with this key. */
    private static String signed(ObjectNode charge, String secretKey) {
        return Wiring.signedNotify(charge, secretKey, "req-notify-" + (++seq));
    }

    @Test
    void signedNotifyPaysTheOrderAndTheCallbackAfterItChangesNothing() {
        String order = w.order("250.50");
        String token = startCardPayment(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);

        Answer notify = w.api(w.cardNotify, signedNotify(charge, "skey_test_local"));

        assertEquals(200, notify.status(), notify.body());
        assertEquals(1, w.c.tables().creditCardNotify().forCharge(new ChargeId(charge)).size());
        Answer callback = w.api(w.cardCallback, Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + token + "&status=true", "req-cb-" + (++seq)));
        assertEquals(200, callback.status());
        assertEquals(200, w.api(w.cardNotify, signedNotify(charge, "skey_test_local")).status());
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).size(), "one hand-on");
        assertEquals(List.of(), w.drain());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertTrue(w.c.tables().checkStatus().forOrder(new OrderId(order)).get(0).success(), "ProcessPaidOrder recorded KBank's answer");
    }

    /**
     * Regression: a correctly signed notify saying Authorized, posted while KBank's inquiry still said
     * Pre-Authorized (3-D Secure unfinished), was handed on; ProcessPaidOrder recorded the payment as
     * failed for good, and the payment finished afterwards was lost. KBank's inquiry decides now.
     */
    @Test
    void signedNotifyThatOutrunsKBanksInquiryIsNotFinalAndTheFinishedPaymentIsPaidOnce() {
        String order = w.order("250.50");
        String token = startCardPayment(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        ObjectNode early = w.suite.kbank().charge("/card/v2/charge/" + charge).deepCopy();
        early.put("status", "success").put("transaction_state", "Authorized");

        Answer notify = w.api(w.cardNotify, signed(early, "skey_test_local"));

        assertEquals(200, notify.status(), notify.body());
        assertEquals("pending", Json.parse(notify.body()).path("status").asText());
        assertTrue(w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).isEmpty(), "nothing handed on");
        assertTrue(w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().pending());

        w.suite.kbank().complete3ds(charge, true);
        Answer callback = w.api(w.cardCallback, Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + token + "&status=true", "req-cb-" + (++seq)));
        assertEquals(200, callback.status(), callback.body());
        assertEquals(List.of(), w.drain());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.PAID).count());
        assertTrue(w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().noneMatch(r -> r.outcome() == ProcessedAs.NOT_PAID));
        assertTrue(w.topic.stream().noneMatch(m -> m.contains("order.payment_failed") && m.contains(order)));
    }

    @Test
    void qrPaymentWhoseCallbackAndNotificationNeverCameIsPaidByReconciliation() {
        String order = w.order("70");
        String reference = createOrder(order, "qr").path("reference_order").asText();
        // Reconciliation before the customer pays: nothing to do yet, the KBank order stays open.
        w.reconcileLater();
        assertTrue(w.c.tables().kbankOrders().findByReference(reference).orElseThrow().pending());
        w.suite.kbank().paidQrCharge("chrg_test_lost", "70", reference);
        // No callback, no notification.

        assertTrue(w.reconcileLater().handedOn() >= 1);
        assertEquals(List.of(), w.drain());
        assertEquals("chrg_test_lost", w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertEquals(SettledAs.PAID, w.c.tables().kbankOrders().findByReference(reference).orElseThrow().outcome(), "settled: not asked again");
        w.reconcileLater();
        assertFalse(w.c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_lost")).orElseThrow().pending(),
                "the order is finished with the charge: settled");
        // The notification arriving late changes nothing.
        assertEquals(200, w.api(w.qrNotify, qrNotify(reference, "70", "POS001")).status());
        assertEquals(List.of(), w.drain());
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).size());
    }
}
