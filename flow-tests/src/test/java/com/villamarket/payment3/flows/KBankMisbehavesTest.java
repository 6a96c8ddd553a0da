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
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.testkit.RepoFiles;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KBank's inquiry not answering as KBank does, at each entry point that asks it and has no such test of its own:
 * late (beyond the client's read timeout), an empty 200, a 200 that is not JSON, a 200 holding an error object.
 * Each is KBank not answering, never a verdict: nothing is paid, failed, refused or settled, no failure e-mail or
 * event goes out, the payment stays pending; the caller is told to come again (a 503, Lambda's retry, a
 * reconciliation error) and, once KBank answers again, the next request, retry, replay or reconciliation pays the
 * order once. The QR callback's own cases are in {@code QrCallbackHandlerTest} (late, not JSON) and the client's in
 * {@code KBankClientTest} (every shape); answers that are JSON but do not bind are {@code KBankAnswerBindsTest}'s.
 */
@FlowTest
class KBankMisbehavesTest {

    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
    }

    /** How KBank's inquiry misbehaves. */
    enum Misbehaviour {
        /** Beyond the client's read timeout (the tests' {@code KBANK_READ_TIMEOUT_MS}, 3 s). */
        LATE,
        EMPTY_200,
        NOT_JSON_200,
        ERROR_OBJECT_200;

        void on(String method, String path) {
            switch (this) {
                case LATE -> w.suite.kbank().delay(method, path, Duration.ofMillis(4500));
                case EMPTY_200 -> w.suite.kbank().respond(method, path, 200, "");
                case NOT_JSON_200 -> w.suite.kbank().respond(method, path, 200, "<html>maintenance</html>");
                case ERROR_OBJECT_200 -> w.suite.kbank().respond(method, path, 200,
                        "{\"object\":\"error\",\"code\":\"server_error\",\"message\":\"try again later\"}");
            }
        }
    }

    private static String rid(String name) {
        return "req-misbehaves-" + name + "-" + (++seq);
    }

    /** Nothing decided: the order unpaid, no success or failure row, no failure e-mail or topic message. */
    private static void assertNothingDecided(String order, String where) {
        assertFalse(w.paid(order), where + ": the order stays unpaid");
        assertTrue(w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream()
                .noneMatch(r -> r.outcome() == ProcessedAs.PAID || r.outcome() == ProcessedAs.NOT_PAID), where);
        assertTrue(w.test.mailSubjects().stream().noneMatch(s -> s.contains(order) && s.toLowerCase().contains("fail")
                && !s.contains("failed for order")), where + ": no payment-failed e-mail " + w.test.mailSubjects());
        assertTrue(w.topic.stream().noneMatch(m -> m.contains(order)), where + ": no event on the topic");
    }

    private static void assertPaidOnce(String order, String charge, String where) {
        assertEquals(List.of(), w.drain(), where);
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value(), where);
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream()
                .filter(r -> r.outcome() == ProcessedAs.PAID).count(), where + ": one success row");
    }

    /** An error log entry of KBank not answering for this request, left open for a retry or replay. */
    private static CallbackError kbankUnavailableEntry(String requestId) {
        List<CallbackError> logged = w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> e.rawEvent() != null && e.rawEvent().contains(requestId)).toList();
        assertEquals(1, logged.size(), "logged once: " + logged);
        assertEquals("KBANK_UNAVAILABLE", logged.get(0).errorType(), logged.get(0).error());
        assertFalse(logged.get(0).resolved());
        return logged.get(0);
    }

    // --- QR: KBank's QR notification, ProcessPaidOrderInternal, reconciliation --------------------------

    private static String qrNotify(String reference, String amount) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/qr-notify/paid.json"));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        body.put("partnerTxnUid", reference).put("txnAmount", new BigDecimal(amount)).put("partnerId", "POS001")
                .put("merchantId", "401001234567001");
        event.put("body", Json.write(body));
        ((ObjectNode) event.path("requestContext")).put("requestId", rid("qrnotify"));
        return Json.write(event);
    }

    /** A KBank QR order made by kbank-create-order (pending, for reconciliation), paid at KBank; returns its reference. */
    private static String kbankOrderPaidBy(String order, String amount, String charge) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/kbank-create-order/qr.json"));
        event.put("body", Json.write(Json.object().put("orderid", order).put("source", "qr")));
        Answer made = w.api(w.createOrder, Json.write(event));
        assertEquals(200, made.status(), made.body());
        String reference = Json.parse(made.body()).path("reference_order").asText();
        w.suite.kbank().paidQrCharge(charge, amount, reference);
        return reference;
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void aQrNotificationWhileKBankDoesNotAnswerIsAnsweredForAResendAndTheResendPaysOnce(Misbehaviour kbank) {
        String order = w.order("31");
        String charge = "chrg_test_mis_qrn_" + kbank.name().toLowerCase() + seq;
        String reference = kbankOrderPaidBy(order, "31", charge);
        kbank.on("GET", "/qr/v2/qr/" + charge);
        String notify = qrNotify(reference, "31");

        Answer answer = w.api(w.qrNotify, notify);

        assertEquals(503, answer.status(), answer.body());
        JsonNode body = Json.parse(answer.body());
        assertEquals("10", body.path("statusCode").asText(), "KBank is asked to send it again: " + body);
        assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId(charge)).isEmpty(), "nothing recorded");
        assertTrue(w.c.tables().kbankOrders().findByReference(reference).orElseThrow().pending());
        assertEquals(List.of(), w.drain());
        assertNothingDecided(order, kbank.name());

        w.suite.kbank().heal("GET", "/qr/v2/qr/" + charge);
        assertEquals(200, w.api(w.qrNotify, notify).status());
        assertPaidOnce(order, charge, kbank.name());
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void processPaidOrderInternalWhileKBankDoesNotAnswerFailsForLambdasRetryWhichPaysOnce(Misbehaviour kbank) {
        String order = w.order("32");
        String charge = "chrg_test_mis_ppoi_" + kbank.name().toLowerCase() + seq;
        w.suite.paidQrCharge(charge, "32", order);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent("orderId=" + order + "&status=success&amount=32&chargeId="
                + charge, rid("qrcb"))).status());
        // The callback asked KBank before handing on; ProcessPaidOrderInternal asks again, and KBank misbehaves now.
        kbank.on("GET", "/qr/v2/qr/" + charge);

        List<String> failed = w.drain();

        assertEquals(1, failed.size(), "the invocation fails, for Lambda to retry: " + failed);
        assertNothingDecided(order, kbank.name());
        w.suite.kbank().heal("GET", "/qr/v2/qr/" + charge);
        // Lambda's retry, a minute later.
        w.clock.advance(Duration.ofMinutes(1));
        w.invoker.invoke(w.c.platform().names().processPaidOrderInternalFunction(),
                w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).stream()
                        .filter(i -> i.payload().contains(charge)).findFirst().orElseThrow().payload());
        assertPaidOnce(order, charge, kbank.name());
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void reconciliationWhileKBankDoesNotAnswerLeavesTheQrPaymentPendingAndTheNextRunPaysOnce(Misbehaviour kbank) {
        String order = w.order("33");
        String charge = "chrg_test_mis_recqr_" + kbank.name().toLowerCase() + seq;
        String reference = kbankOrderPaidBy(order, "33", charge);
        // Neither the browser's callback nor KBank's notification came: reconciliation asks KBank.
        kbank.on("GET", "/qr/v2/qr/" + charge);

        ReconcileService.Summary first = w.reconcileLater();

        assertTrue(first.errors() >= 1, first.toJson());
        assertTrue(w.c.tables().kbankOrders().findByReference(reference).orElseThrow().pending(), "still pending");
        assertEquals(List.of(), w.drain());
        assertNothingDecided(order, kbank.name());
        w.suite.kbank().heal("GET", "/qr/v2/qr/" + charge);
        w.reconcileLater();
        assertPaidOnce(order, charge, kbank.name());
        w.reconcileLater();
        assertFalse(w.c.tables().kbankOrders().findByReference(reference).orElseThrow().pending(), "settled once paid");
    }

    // --- card: the callback, the notify, ProcessPaidOrder, reconciliation, replay ------------------------

    /** A card payment after 3-D Secure, its callback not yet come; returns the token. */
    private static String cardPaymentAfter3ds(String order) {
        String token = w.suite.kbank().cardToken("3ds");
        Answer paid = w.api(w.cardToken, Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"" + token + "\",\"orderId\":\"" + order + "\",\"saveCard\":false}", rid("pay")));
        assertEquals(200, paid.status(), paid.body());
        w.suite.kbank().complete3ds(chargeOf(token), true);
        return token;
    }

    private static String chargeOf(String token) {
        return record(token).chargeId().value();
    }

    private static CardPaymentRecord record(String token) {
        return w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
    }

    private static String cardCallback(String charge, String token, String requestId) {
        return Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + token + "&status=true", requestId);
    }

    private static void assertCardPending(String token, String where) {
        CardPaymentRecord record = record(token);
        assertTrue(record.pending(), where + ": the card payment stays pending");
        assertFalse(record.paid(), where);
        assertFalse(record.handOn().isDone(), where + ": nothing handed on");
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void aCardCallbackWhileKBankDoesNotAnswerIsA503AndItsReplayPaysOnce(Misbehaviour kbank) {
        String order = w.order("34");
        String token = cardPaymentAfter3ds(order);
        String charge = chargeOf(token);
        kbank.on("GET", "/card/v2/charge/" + charge);
        String id = rid("cardcb");

        Answer answer = w.api(w.cardCallback, cardCallback(charge, token, id));

        assertEquals(503, answer.status(), answer.body());
        assertEquals(List.of(), w.drain());
        assertCardPending(token, kbank.name());
        assertNothingDecided(order, kbank.name());
        CallbackError entry = kbankUnavailableEntry(id);
        // Replayed while KBank still misbehaves: the entry stays open, nothing decided.
        JsonNode again = Json.parse(w.replay.handle("{\"errorId\":\"" + entry.errorId() + "\"}")).get(0);
        assertFalse(again.path("succeeded").asBoolean(), again.toString());
        assertFalse(w.c.tables().callbackErrorLog().isResolved(entry.errorId()));
        assertCardPending(token, kbank.name() + ", replayed");

        w.suite.kbank().heal("GET", "/card/v2/charge/" + charge);
        JsonNode replayed = Json.parse(w.replay.handle("{\"errorId\":\"" + entry.errorId() + "\"}")).get(0);
        assertTrue(replayed.path("succeeded").asBoolean(), replayed.toString());
        assertTrue(w.c.tables().callbackErrorLog().isResolved(entry.errorId()));
        assertPaidOnce(order, charge, kbank.name());
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void aSignedCardNotifyWhileKBankDoesNotAnswerIsA503AndKBanksResendPaysOnce(Misbehaviour kbank) {
        String order = w.order("35");
        String token = cardPaymentAfter3ds(order);
        String charge = chargeOf(token);
        String notify = Wiring.signedNotify(w.suite.kbank().charge("/card/v2/charge/" + charge).deepCopy(),
                "skey_test_local", rid("notify"));
        kbank.on("GET", "/card/v2/charge/" + charge);

        Answer answer = w.api(w.cardNotify, notify);

        assertEquals(503, answer.status(), answer.body());
        assertEquals(List.of(), w.drain());
        assertCardPending(token, kbank.name());
        assertNothingDecided(order, kbank.name());
        w.suite.kbank().heal("GET", "/card/v2/charge/" + charge);
        assertEquals(200, w.api(w.cardNotify, notify).status());
        assertPaidOnce(order, charge, kbank.name());
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void processPaidOrderWhileKBankDoesNotAnswerFailsForLambdasRetryWhichPaysOnce(Misbehaviour kbank) {
        String order = w.order("36");
        String token = cardPaymentAfter3ds(order);
        String charge = chargeOf(token);
        assertEquals(200, w.api(w.cardCallback, cardCallback(charge, token, rid("cardcb"))).status());
        kbank.on("GET", "/card/v2/charge/" + charge);

        List<String> failed = w.drain();

        assertEquals(1, failed.size(), "the invocation fails, for Lambda to retry: " + failed);
        assertNothingDecided(order, kbank.name());
        w.suite.kbank().heal("GET", "/card/v2/charge/" + charge);
        // Lambda's retry, a minute later.
        w.clock.advance(Duration.ofMinutes(1));
        w.invoker.invoke(w.c.platform().names().processPaidOrderFunction(),
                w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).stream()
                        .filter(i -> i.payload().contains(charge)).findFirst().orElseThrow().payload());
        assertPaidOnce(order, charge, kbank.name());
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void reconciliationWhileKBankDoesNotAnswerLeavesTheCardPaymentPendingAndTheNextRunPaysOnce(Misbehaviour kbank) {
        String order = w.order("37");
        String token = cardPaymentAfter3ds(order);
        String charge = chargeOf(token);
        // The customer closed the browser after 3-D Secure and KBank's notify never came.
        kbank.on("GET", "/card/v2/charge/" + charge);

        ReconcileService.Summary first = w.reconcileLater();

        assertTrue(first.errors() >= 1, first.toJson());
        assertEquals(List.of(), w.drain());
        assertCardPending(token, kbank.name());
        assertNothingDecided(order, kbank.name());
        w.suite.kbank().heal("GET", "/card/v2/charge/" + charge);
        w.reconcileLater();
        assertPaidOnce(order, charge, kbank.name());
    }

    // --- KBank undoes a card charge after it paid the order, and says so -----------------------------

    /**
     * KBank voids a card charge after it paid and finished the order, and then its signed notify of the void comes
     * and the browser's callback is sent again, before reconciliation settled the payment: the order stays paid with
     * the charge, the record keeps saying what paid it, and reconciliation settles it {@code PAID}, never
     * {@code FAILED}, as when reconciliation itself finds the void ({@code UndoneChargeTest}).
     */
    @Test
    void aNotifyOfAVoidAfterTheChargePaidTheOrderLeavesThePaymentPaid() {
        String order = w.order("38");
        String token = cardPaymentAfter3ds(order);
        String charge = chargeOf(token);
        assertEquals(200, w.api(w.cardCallback, cardCallback(charge, token, rid("cardcb"))).status());
        assertPaidOnce(order, charge, "paid");
        w.suite.kbank().undoAuthorized(charge, "Voided");

        Answer notify = w.api(w.cardNotify, Wiring.signedNotify(w.suite.kbank().charge("/card/v2/charge/" + charge).deepCopy(),
                "skey_test_local", rid("void")));
        w.api(w.cardCallback, cardCallback(charge, token, rid("cardcb-again")));
        assertEquals(List.of(), w.drain());
        w.reconcileLater();

        assertTrue(notify.status() < 500, notify.body());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        CardPaymentRecord record = record(token);
        assertTrue(record.paid(), "the record still says the charge paid the order");
        assertFalse(record.pending(), "settled");
        assertEquals(SettledAs.PAID, record.outcome(), "settled as what it did: it paid the order");
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).stream()
                .filter(i -> i.payload().contains(charge)).count(), "handed on once");
    }
}
