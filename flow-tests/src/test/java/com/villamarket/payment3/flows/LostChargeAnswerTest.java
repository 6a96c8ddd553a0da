package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.flows.Wiring.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A card charge KBank made whose answer card-token never got (late, empty, cut): the record knows the
 * reference KBank echoes (the order as {@code reference_order}, the record's token as
 * {@code metadata.tokenId}), so KBank's notify for the charge, and reconciliation, find the payment;
 * nothing from a notify's body binds until KBank's own inquiry names the record.
 */
@FlowTest
class LostChargeAnswerTest {

    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
    }

    /** card-token for a token KBank authorizes at once, whose answer to the charge's creation is lost. */
    private static String payWithLostAnswer(String order, String charge, int status, String body) {
        String token = "tokn_test_lost_" + (++seq);
        w.suite.kbank().cardToken(token, "authorized", charge);
        w.suite.kbank().loseAnswer("POST", "/card/v2/charge", status, body);
        Answer answer = w.api(w.cardToken, Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"" + token + "\",\"orderId\":\"" + order + "\"}", "req-lost-" + seq));
        assertEquals(202, answer.status(), "the customer is told not to pay again: " + answer.body());
        assertTrue(answer.body().contains("Please do not pay again"), answer.body());
        assertTrue(w.suite.kbank().charge("/card/v2/charge/" + charge) != null, "KBank made the charge");
        return token;
    }

    private static CardPaymentRecord record(String token) {
        return w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
    }

    private static List<CallbackError> errors(String order, String type) {
        return w.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> order.equals(ReceivedId.textOf(e.orderId())) && type.equals(e.errorType())).toList();
    }

    @Test
    void kbanksSignedNotifyForAChargeWhoseAnswerWasLostFindsItsPaymentAndPaysTheOrderOnce() {
        String order = w.order("100.00");
        String charge = "chrg_test_lost_notify";
        String token = payWithLostAnswer(order, charge, 200, "");
        assertNull(record(token).chargeId(), "card-token never learnt the charge");
        assertEquals(1, errors(order, "CHARGE_ANSWER_LOST").size(), "a person is told at once");

        ObjectNode kbankCharge = w.suite.kbank().charge("/card/v2/charge/" + charge).deepCopy();
        Answer notify = w.api(w.cardNotify, Wiring.signedNotify(kbankCharge, "skey_test_local", "req-n-" + (++seq)));

        assertEquals(200, notify.status(), notify.body());
        assertEquals(charge, record(token).chargeId().value(), "bound by the reference KBank's inquiry names");
        assertTrue(checksumVerified(token), "the notify's checksum was verified");
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).size());
        assertEquals(List.of(), w.drain());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        // KBank sends it again; reconciliation comes by: nothing more happens, nothing is reported.
        assertEquals(200, w.api(w.cardNotify, Wiring.signedNotify(kbankCharge.deepCopy(), "skey_test_local",
                "req-n-" + (++seq))).status());
        w.reconcileLater();
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).size(), "one hand-on");
        assertFalse(record(token).pending());
        assertTrue(errors(order, "NO_CHARGE").isEmpty());
    }

    @Test
    void aChargeWhoseAnswerTimedOutAs504IsFoundTooAndAnotherRecordsTokenCannotTakeIt() {
        String order = w.order("75.00");
        String charge = "chrg_test_lost_504";
        String token = payWithLostAnswer(order, charge, 504, "{\"object\":\"error\",\"code\":\"gateway_timeout\"}");
        // Another order's pending payment, also without its charge, names the lost charge in a forged callback.
        String otherOrder = w.order("75.00");
        String otherCharge = "chrg_test_lost_other";
        String otherToken = payWithLostAnswer(otherOrder, otherCharge, 200, "");

        Answer forged = w.api(w.cardCallback, Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + otherToken + "&status=true", "req-f-" + (++seq)));

        assertEquals(409, forged.status(), forged.body());
        assertNull(record(otherToken).chargeId(), "KBank's charge names another token: nothing bound");
        assertNull(record(token).chargeId());
        // The browser-less payment is then found by KBank's notify.
        Answer notify = w.api(w.cardNotify, Wiring.signedNotify(w.suite.kbank().charge("/card/v2/charge/" + charge)
                .deepCopy(), "skey_test_local", "req-n-" + (++seq)));
        assertEquals(200, notify.status(), notify.body());
        assertEquals(charge, record(token).chargeId().value());
        w.drain();
        assertTrue(w.paid(order));
        assertFalse(w.paid(otherOrder));
    }

    @Test
    void reconciliationWaitsForKBanksNotifyAndThenTellsAPersonBeforeItGivesUp() {
        String order = w.order("50.00");
        String token = payWithLostAnswer(order, "chrg_test_lost_silent", 200, "");

        w.reconcileLater();
        assertTrue(record(token).pending(), "KBank's notify may still come: it waits");
        assertTrue(errors(order, "NO_CHARGE").isEmpty());

        w.clock.advance(Duration.ofHours(1));
        w.reconcileLater();
        CardPaymentRecord expired = record(token);
        assertFalse(expired.pending());
        assertEquals(SettledAs.EXPIRED, expired.outcome());
        List<CallbackError> reported = errors(order, "NO_CHARGE");
        assertEquals(1, reported.size(), "told to a person, once");
        assertTrue(reported.get(0).error().contains("reference_order " + order), reported.get(0).error());
        w.reconcileLater();
        assertEquals(1, errors(order, "NO_CHARGE").size());

        // The charge was made after all: KBank's notify, however late, still finds and pays it.
        Answer notify = w.api(w.cardNotify, Wiring.signedNotify(w.suite.kbank().charge(
                "/card/v2/charge/chrg_test_lost_silent").deepCopy(), "skey_test_local", "req-n-" + (++seq)));
        assertEquals(200, notify.status(), notify.body());
        w.drain();
        assertTrue(w.paid(order));
    }

    @Test
    void aTokenKBankRefusesLeavesNothingForReconciliationToReport() {
        String order = w.order("20.00");
        Answer refused = w.api(w.cardToken, Wiring.event("/cardpayment", "application/json",
                "{\"token\":\"tokn_test_never_issued\",\"orderId\":\"" + order + "\"}", "req-refused-" + (++seq)));
        assertEquals(400, refused.status(), refused.body());
        assertEquals(SettledAs.FAILED, record("tokn_test_never_issued").outcome(), "no charge exists: settled at once");
        w.clock.advance(Duration.ofHours(2));
        w.reconcileLater();
        assertTrue(errors(order, "NO_CHARGE").isEmpty());
    }

    private static boolean checksumVerified(String token) {
        return w.suite.dynamoDb().getItem(r -> r.tableName(w.c.tables().cardPaymentRecords().tableName())
                .key(Map.of("tokenId", AttributeValue.fromS(token)))).item().get("checksumVerified").bool();
    }
}
