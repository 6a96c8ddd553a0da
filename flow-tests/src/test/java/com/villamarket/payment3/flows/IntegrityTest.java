package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.reconcile.ReconcileService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payment integrity under attack and failure: forged and tampered callbacks leave every order unpaid
 * and are logged with their raw events; duplicates process once; faults leave the payment either
 * processed or in the error log / failure destination, from where replay or reconciliation finish it.
 */
@FlowTest
class IntegrityTest {

    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
    }

    private static String rid(String name) {
        return "req-" + name + "-" + (++seq);
    }

    /** A refused request: clean page, nothing paid, nothing handed on, logged with its raw event. */
    private static void assertRefusedAndLogged(Answer answer, String requestId, String... orders) {
        assertTrue(answer.status() >= 400 && answer.status() < 500, "status " + answer.status() + ": " + answer.body());
        assertFalse(answer.body().contains("Exception"), answer.body());
        assertFalse(answer.body().contains("\tat "), answer.body());
        assertEquals(List.of(), w.drain());
        for (String order : orders) {
            assertFalse(w.paid(order), "order " + order + " must stay unpaid");
        }
        List<CallbackError> logged = w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> e.rawEvent() != null && e.rawEvent().contains(requestId)).toList();
        assertEquals(1, logged.size(), "logged once with its raw event");
    }

    private static String qrForm(String order, String amount, String charge) {
        return "orderId=" + order + "&status=success&amount=" + amount + "&chargeId=" + charge;
    }

    // --- Forged and tampered QR callbacks -------------------------------------------------------

    @Test
    void qrChargeThatPaysAnotherOrder() {
        String victim = w.order("500");
        String other = w.order("500");
        w.suite.paidQrCharge("chrg_test_a1", "500", other);
        String id = rid("qr-other");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(victim, "500", "chrg_test_a1"), id)), id, victim, other);
    }

    @Test
    void qrCheaperCharge() {
        String order = w.order("500");
        w.suite.paidQrCharge("chrg_test_a2", "5", order);
        String id = rid("qr-cheap");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "500", "chrg_test_a2"), id)), id, order);
    }

    @Test
    void qrChargeNotSettledYetIsPendingAndAnExpiredOneIsRefused() {
        String order = w.order("20");
        w.suite.qrCharge("chrg_test_a3", "20", "error", "Initialize", order);
        // Not a final state: nothing is refused or recorded as failed; the payment waits for KBank, pending.
        Answer unsettled = w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "20", "chrg_test_a3"), rid("qr-unpaid")));
        assertEquals(202, unsettled.status(), unsettled.body());
        assertTrue(unsettled.body().contains("do not pay again"), unsettled.body());
        assertEquals(List.of(), w.drain());
        assertFalse(w.paid(order));
        assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_a3")).orElseThrow().pending());
        w.suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_a4", 200, "{\"id\":\"chrg_test_a4\",\"status\":\"error\","
                + "\"transaction_state\":\"Reversed\",\"amount\":20,\"failure_code\":\"expired\",\"reference_order\":\"" + order + "\"}");
        String id2 = rid("qr-expired");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "20", "chrg_test_a4"), id2)), id2, order);
    }

    @Test
    void qrChargeAlreadyUsedForAnotherOrder() {
        String first = w.order("30");
        String second = w.order("30");
        w.suite.paidQrCharge("chrg_test_a5", "30", first);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent(qrForm(first, "30", "chrg_test_a5"), rid("qr-first"))).status());
        w.drain();
        // KBank's answer now names the second order: only the binding in our table can tell.
        w.suite.paidQrCharge("chrg_test_a5", "30", second);
        String id = rid("qr-reuse");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(second, "30", "chrg_test_a5"), id)), id, second);
        assertTrue(w.paid(first));
    }

    @Test
    void qrTamperedAmountUnknownChargeAndMissingOrder() {
        String order = w.order("300");
        w.suite.paidQrCharge("chrg_test_a6", "300", order);
        String id = rid("qr-tampered");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "3", "chrg_test_a6"), id)), id, order);
        String id2 = rid("qr-unknown");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "300", "chrg_test_nobody"), id2)), id2, order);
        w.suite.paidQrCharge("chrg_test_a7", "300", "559999999999");
        String id3 = rid("qr-noorder");
        assertRefusedAndLogged(w.api(w.qrCallback, Wiring.qrEvent(qrForm("559999999999", "300", "chrg_test_a7"), id3)), id3);
    }

    /**
     * KBank's charge names a {@code reference_order} of the right form (this order's id and epoch seconds, as
     * kbank-create-order builds one) that no KBank order was ever made with: refused for a person, the order unpaid,
     * the charge bound to nothing (so it is not used up), however KBank's answer is otherwise perfect.
     */
    @Test
    void qrChargeNamingAReferenceNoKBankOrderWasMadeWithIsRefusedForAPersonAndBindsNothing() {
        String order = w.order("77");
        String reference = order + "1748613417.737979";
        w.suite.kbank().paidQrCharge("chrg_test_madeup", "77", reference);
        String id = rid("qr-made-up");
        Answer answer = w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "77", "chrg_test_madeup"), id));

        assertEquals(409, answer.status(), answer.body());
        assertRefusedAndLogged(answer, id, order);
        CallbackError entry = w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> e.rawEvent() != null && e.rawEvent().contains(id)).findFirst().orElseThrow();
        assertEquals("OTHER_ORDER", entry.errorType());
        assertTrue(entry.error().contains("reference_order " + reference + ", which is no KBank order recorded for order "
                + order), entry.error());
        assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_madeup")).isEmpty(),
                "the charge is bound to nothing");
        // The same charge once a KBank order of this order has that reference (made by either stack) pays it once.
        w.suite.kbank().paidQrCharge("chrg_test_madeup_ok", "77", w.suite.kbankQrOrder(order, "77"));
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "77", "chrg_test_madeup_ok"), rid("qr-real"))).status());
        w.drain();
        assertTrue(w.paid(order));
    }

    /** The card path's reference is exactly what card-token sent KBank, the order id: not one with seconds after it. */
    @Test
    void cardChargeNamingTheOrderIdWithSecondsAfterItIsRefusedForAPerson() {
        String order = w.order("78");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);
        w.suite.kbank().charge("/card/v2/charge/" + charge).put("reference_order", order + "1748613417");
        String id = rid("card-stamped");

        Answer answer = w.api(w.cardCallback, cardCallback(charge, token, "true", id));

        assertEquals(409, answer.status(), answer.body());
        assertRefusedAndLogged(answer, id, order);
        assertFalse(w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().paid());
    }

    // --- Forged and tampered card callbacks -----------------------------------------------------

    private static String cardPay(String token, String order) {
        return Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"" + token + "\",\"orderId\":\"" + order + "\",\"saveCard\":false}", rid("pay"));
    }

    private static String cardCallback(String charge, String token, String status, String requestId) {
        return Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + token + "&status=" + status, requestId);
    }

    private static String startThreeDSecure(String order) {
        String token = w.suite.kbank().cardToken("3ds");
        assertEquals(200, w.api(w.cardToken, cardPay(token, order)).status());
        return token;
    }

    @Test
    void cardChargeThatPaysAnotherOrderOrLess() {
        String order = w.order("80");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);
        // KBank's charge (as an attacker's own cheap charge would be) names another order.
        w.suite.kbank().charge("/card/v2/charge/" + charge).put("reference_order", "551111111111");
        String id = rid("card-other");
        assertRefusedAndLogged(w.api(w.cardCallback, cardCallback(charge, token, "true", id)), id, order);
        w.suite.kbank().charge("/card/v2/charge/" + charge).put("reference_order", order).put("amount", 1);
        String id2 = rid("card-cheap");
        assertRefusedAndLogged(w.api(w.cardCallback, cardCallback(charge, token, "true", id2)), id2, order);
    }

    @Test
    void cardCallbackSayingTrueForADeclinedOrUnfinishedCharge() {
        String order = w.order("40");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        String id = rid("card-unfinished");
        Answer unfinished = w.api(w.cardCallback, cardCallback(charge, token, "true", id));
        assertEquals(202, unfinished.status(), "3-D Secure unfinished: pending, not refused");
        w.drain();
        assertFalse(w.paid(order));
        w.suite.kbank().complete3ds(charge, false);
        Answer declined = w.api(w.cardCallback, cardCallback(charge, token, "true", rid("card-declined")));
        assertEquals(402, declined.status());
        w.drain();
        assertFalse(w.paid(order));
    }

    @Test
    void callbackBeforeThreeDSecureIsFinishedDoesNotLoseThePaymentThatFollows() {
        // Regression: a callback (or notify) for a still-pending charge used to consume the one hand-on,
        // so the payment completed afterwards was never processed.
        String order = w.order("41");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        assertEquals(202, w.api(w.cardCallback, cardCallback(charge, token, "true", rid("early"))).status());
        assertEquals(List.of(), w.drain());
        assertFalse(w.paid(order));

        w.suite.kbank().complete3ds(charge, true);
        assertEquals(200, w.api(w.cardCallback, cardCallback(charge, token, "true", rid("finished"))).status());

        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));
        assertEquals(1, w.topic.stream().filter(m -> m.contains("order.paid") && m.contains(order)).count());
        assertTrue(w.topic.stream().noneMatch(m -> m.contains("order.payment_failed") && m.contains(order)),
                "the early callback sent no failure notification");
    }

    @Test
    void cardPaymentStillPendingIsLeftForReconciliationWhichPaysItOnceFinished() {
        String order = w.order("42");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        assertEquals(202, w.api(w.cardCallback, cardCallback(charge, token, "true", rid("pending"))).status());
        w.drain();
        w.reconcileLater();
        assertTrue(w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().handOn().isFree(w.clock.instant()),
                "a pending charge is not handed on");

        w.suite.kbank().complete3ds(charge, true);
        // The customer closed the browser after 3-D Secure: no second callback.
        assertTrue(w.reconcileLater().handedOn() >= 1);
        w.drain();
        assertTrue(w.paid(order));
    }

    @Test
    void cardUnknownChargeUnknownTokenAndMissingOrder() {
        String id = rid("card-unknown");
        assertRefusedAndLogged(w.api(w.cardCallback, cardCallback("chrg_test_nobody", "tokn_test_nobody", "true", id)), id);
        String order = w.order("40");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);
        String id2 = rid("card-token");
        assertRefusedAndLogged(w.api(w.cardCallback, cardCallback(charge, "tokn_test_someone_else", "true", id2)), id2, order);
        String noOrder = Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"" + w.suite.kbank().cardToken("authorized") + "\",\"orderId\":\"558888888888\"}", rid("x"));
        String id3 = Json.parse(noOrder).path("requestContext").path("requestId").asText();
        assertRefusedAndLogged(w.api(w.cardToken, noOrder), id3);
    }

    // --- Duplicates -----------------------------------------------------------------------------

    @Test
    void concurrentIdenticalQrCallbacksProcessOnce() throws Exception {
        String order = w.order("66");
        w.suite.paidQrCharge("chrg_test_dup", "66", order);
        String event = Wiring.qrEvent(qrForm(order, "66", "chrg_test_dup"), rid("dup"));
        List<Answer> answers = concurrently(16, () -> w.api(w.qrCallback, event));
        answers.forEach(a -> assertEquals(200, a.status()));
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).size());
        assertEquals(List.of(), w.drain());
        assertEquals(1, paidRows(order));
        assertMails(1);
    }

    @Test
    void qrCallbackRacingTheCardPathForOneOrderPaysItOnce() throws Exception {
        String order = w.order("90");
        w.suite.paidQrCharge("chrg_test_race_qr", "90", order);
        String token = w.suite.kbank().cardToken("authorized");
        List<Answer> answers = concurrently(2, new ArrayList<>(List.<Callable<Answer>>of(
                () -> w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "90", "chrg_test_race_qr"), rid("race-qr"))),
                () -> w.api(w.cardToken, cardPay(token, order))))::remove);
        answers.forEach(a -> assertTrue(a.status() == 200 || a.status() == 409, a.status() + " " + a.body()));
        w.drain();
        w.drain();
        assertTrue(w.paid(order));
        assertEquals(1, paidRows(order), "one paid transition");
        long alreadyPaid = w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream()
                .filter(r -> r.outcome() == ProcessedAs.ALREADY_PAID).count();
        long refused = answers.stream().filter(a -> a.status() == 409).count();
        assertEquals(1, alreadyPaid + refused, "the other payment is flagged, not processed");
        // Both took money: the paid e-mail, and at once one page for the refund of the other (issue 18, finding 10).
        assertMails(2);
        assertEquals(1, w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> order.equals(ReceivedId.textOf(e.orderId())) && "ORDER_ALREADY_PAID".equals(e.errorType())).count());
    }

    // --- Faults, replay and reconciliation ------------------------------------------------------

    @Test
    void throttledDynamoDbIsLoggedAndTheReplayFinishesThePayment() {
        String order = w.order("12");
        w.suite.paidQrCharge("chrg_test_throttle", "12", order);
        w.faults.throttle("putItem", w.c.platform().names().qrPaymentRecordTable(), 1);
        String id = rid("throttle");

        Answer failed = w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "12", "chrg_test_throttle"), id));

        assertEquals(503, failed.status());
        assertFalse(failed.body().contains("Exception"));
        assertTrue(w.invoker.invocations().isEmpty());
        CallbackError error = w.c.tables().callbackErrorLog().unresolved().stream()
                .filter(e -> e.rawEvent() != null && e.rawEvent().contains(id)).findFirst().orElseThrow();
        assertEquals("AWS_UNAVAILABLE", error.errorType());
        assertTrue(error.error().contains("Rate of requests exceeds"), error.error());

        JsonNode outcome = Json.parse(w.replay.handle("{\"errorId\":\"" + error.errorId() + "\"}")).get(0);
        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertTrue(w.c.tables().callbackErrorLog().isResolved(error.errorId()));
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));
        // A second replay changes nothing.
        w.replay.handle("{\"errorId\":\"" + error.errorId() + "\"}");
        assertEquals(List.of(), w.drain());
        assertEquals(1, paidRows(order));
    }

    @Test
    void kbankTimeoutIsLoggedAndReplayedOnceKBankIsBack() {
        String order = w.order("13");
        w.suite.paidQrCharge("chrg_test_slowkb", "13", order);
        w.suite.kbank().delay("GET", "/qr/v2/qr/chrg_test_slowkb", Duration.ofMillis(4500));
        String id = rid("kbank-timeout");
        assertEquals(503, w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "13", "chrg_test_slowkb"), id)).status());
        w.suite.kbank().reset();
        w.suite.paidQrCharge("chrg_test_slowkb", "13", order);

        w.replay.handle("{\"allOpen\": true}");

        w.drain();
        assertTrue(w.paid(order));
    }

    @Test
    void failedAsynchronousInvocationIsReplayedFromTheFailureDestination() {
        String order = w.order("14");
        w.suite.paidQrCharge("chrg_test_dead", "14", order);
        w.suite.kbank().delay("GET", "/qr/v2/qr/chrg_test_dead", Duration.ZERO);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "14", "chrg_test_dead"), rid("dead"))).status());
        // KBank goes down before ProcessPaidOrderInternal runs: every attempt fails.
        w.suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_dead", 502, "down");
        List<String> failures = w.drain();
        assertEquals(1, failures.size());
        assertFalse(w.paid(order));
        String payload = w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).get(0).payload();
        String deadLetter = "{\"version\":\"1.0\",\"requestContext\":{\"requestId\":\"r1\",\"functionArn\":"
                + "\"arn:aws:lambda:ap-southeast-1:000000000000:function:" + w.c.platform().names().processPaidOrderInternalFunction()
                + ":$LATEST\",\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},\"requestPayload\":"
                + payload + "}";
        w.suite.kbank().reset();
        w.suite.paidQrCharge("chrg_test_dead", "14", order);

        JsonNode outcome = Json.parse(w.replay.handle("{\"deadLetter\":" + Json.write(deadLetter) + "}")).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertTrue(w.paid(order));
        assertMails(1);
    }

    @Test
    void functionThatDiedBetweenRecordingAndHandingOnIsFinishedByReconciliation() {
        String order = w.order("15");
        w.suite.paidQrCharge("chrg_test_died", "15", order);
        // What a QR callback that died right after its conditional put leaves behind.
        w.c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_died"), new OrderId(order),
                w.clock.instant(), true, Money.of("15")));

        ReconcileService.Summary summary = w.reconcileLater();

        assertTrue(summary.handedOn() >= 1, summary.toString());
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));
        assertEquals(0, w.reconcileLater().handedOn(), "nothing left to hand on");
        assertFalse(w.c.tables().qrPaymentRecords().find(new ChargeId("chrg_test_died")).orElseThrow().pending(), "settled");
    }

    @Test
    void cardCallbackThatNeverCameEndsInAPaidOrder() {
        String order = w.order("16");
        String token = startThreeDSecure(order);
        CardPaymentRecord record = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
        w.suite.kbank().complete3ds(record.chargeId().value(), true);
        // The customer closed the browser: KBank's page never posted the callback.

        ReconcileService.Summary summary = w.reconcileLater();

        assertTrue(summary.handedOn() >= 1, summary.toString());
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));
        assertTrue(w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().paid());
        // The callback arriving late now changes nothing.
        assertEquals(200, w.api(w.cardCallback, cardCallback(record.chargeId().value(), token, "true", rid("late"))).status());
        assertEquals(List.of(), w.drain());
        assertEquals(1, paidRows(order));
    }

    @Test
    void declinedCardLeftPendingIsSettledAsFailedByReconciliation() {
        String order = w.order("17");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, false);

        w.reconcileLater();
        w.drain();

        assertFalse(w.paid(order));
        assertTrue(w.topic.stream().anyMatch(m -> m.contains("order.payment_failed") && m.contains(order)));
        w.reconcileLater();
        assertFalse(w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().pending(), "settled as failed");
    }

    @Test
    void aPaidChargeThatDoesNotMatchItsRecordIsReportedOnceHoweverManyRunsSeeIt() {
        String order = w.order("81");
        String token = startThreeDSecure(order);
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);
        w.suite.kbank().charge("/card/v2/charge/" + charge).put("amount", 1);
        // The customer closed the browser: only reconciliation sees it, run after run.

        for (int run = 0; run < 3; run++) {
            w.reconcileLater();
        }

        assertEquals(1, w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> "reconcile".equals(e.functionName()) && charge.equals(ReceivedId.textOf(e.chargeId()))).count(), "reported once");
        CardPaymentRecord record = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
        assertFalse(record.pending());
        assertEquals(List.of(), w.drain());
        assertFalse(w.paid(order), "a paid charge that is not this order's amount is not processed");
    }

    @Test
    void reconciliationQueriesThePendingIndexAndNeverScansAPaymentTable() {
        String order = w.order("82");
        startThreeDSecure(order);
        List<String> tables = List.of(w.c.platform().names().qrPaymentRecordTable(), w.c.platform().names().cardPaymentRecordTable(),
                w.c.platform().names().kbankOrderTable());
        int scansBefore = tables.stream().mapToInt(t -> w.faults.calls("scan", t)).sum();
        int queriesBefore = tables.stream().mapToInt(t -> w.faults.calls("query", t)).sum();

        ReconcileService.Summary summary = w.reconcileLater();

        assertTrue(summary.examined() >= 1, summary.toString());
        assertEquals(scansBefore, tables.stream().mapToInt(t -> w.faults.calls("scan", t)).sum(), "no scan");
        assertTrue(tables.stream().mapToInt(t -> w.faults.calls("query", t)).sum() >= queriesBefore + 3,
                "one pending-index query per table");
    }

    // --- Hostile amounts ------------------------------------------------------------------------

    /**
     * Regression: {@code 1e19999999} in a card notify once took 46 s of CPU before its 401, because
     * the amount was rescaled for the checksum before anything was checked. Every amount from outside
     * is bounded before any arithmetic, on every endpoint: a malformed one is a 400. The timeout is a
     * guard against that hang coming back, far above any answer's time, not a measure of speed.
     */
    @Test
    void hostileAmountsAreRefusedOnEveryEndpointBeforeAnyArithmetic() {
        String order = w.order("10");
        List<String> amounts = List.of("1e19999999", "1e999999999", "-1e-999999999", "9".repeat(900),
                "0." + "0".repeat(900) + "1", "1E+2147483647", "NaN", "\"1e99999999\"");
        for (String amount : amounts) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                String notify = "{\"id\":\"chrg_test_x3\",\"amount\":" + amount + ",\"currency\":\"THB\",\"status\":"
                        + "\"success\",\"transaction_state\":\"Authorized\",\"checksum\":\"00\"}";
                Answer card = w.api(w.cardNotify, Wiring.event("/notify", "application/json", notify, rid("hostile")));
                assertEquals(400, card.status(), amount + ": " + card.body());
                String qr = "{\"partnerTxnUid\":\"ref1\",\"partnerId\":\"POS001\",\"statusCode\":\"00\",\"txnAmount\":"
                        + amount + ",\"txnCurrencyCode\":\"THB\"}";
                Answer qrNotify = w.api(w.qrNotify, Wiring.event("/qr/payment-callback", "application/json", qr, rid("hostile")));
                assertTrue(qrNotify.status() >= 400 && qrNotify.status() < 500, amount + ": " + qrNotify.body());
                String form = "orderId=" + order + "&status=success&amount=" + URLEncoder.encode(amount.replace("\"", ""),
                        StandardCharsets.UTF_8) + "&chargeId=chrg_test_x3";
                assertEquals(400, w.api(w.qrCallback, Wiring.qrEvent(form, rid("hostile"))).status(), amount);
                String card2 = "{\"token\":\"tokn_test_x\",\"orderId\":\"" + order + "\",\"amount\":" + amount + "}";
                assertTrue(w.api(w.cardToken, Wiring.event("/cardpayment", "application/json", card2, rid("hostile")))
                        .status() < 500, amount);
                assertTrue(w.api(w.cardCallback, Wiring.event("/callback", "application/json",
                        "{\"objectId\":\"chrg_test_x3\",\"amount\":" + amount + "}", rid("hostile"))).status() < 500, amount);
            }, amount);
        }
        assertEquals(0, w.suite.kbank().calls("GET", "/card/v2/charge/chrg_test_x3"), "refused before KBank is asked");
        assertFalse(w.paid(order));
    }

    // --- helpers --------------------------------------------------------------------------------

    private static long paidRows(String order) {
        return w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.PAID).count();
    }

    private static void assertMails(int count) {
        verify(w.ses, times(count)).sendEmail(any(), any(), any(), any());
    }

    private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** Runs different tasks at once: {@code next} hands out one task per thread. */
    private static <T> List<T> concurrently(int threads, IntFunction<Callable<T>> next) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = threads - 1; i >= 0; i--) {
            tasks.add(next.apply(i));
        }
        AtomicInteger index = new AtomicInteger();
        return concurrently(threads, () -> tasks.get(index.getAndIncrement()).call());
    }
}
