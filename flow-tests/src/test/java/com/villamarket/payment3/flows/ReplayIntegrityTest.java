package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository.ReplayState;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.replay.ReplayService;
import com.villamarket.payment3.testkit.LocalSuite;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Replay over the real parts (every function as production builds it, DynamoDB Local, the KBank stub):
 * it sends only what the suite stored, and the after-paid functions hold whoever invokes them (issue 18,
 * finding 3); a replay's outcome is its entry's, never a new entry or e-mail, also when replay dies between
 * the invocation and the outcome (finding 4); replay never replays replay (finding 5); what is stored and
 * e-mailed keeps no credentials or personal data, and a replay of such an entry still pays (finding 11).
 */
@FlowTest
class ReplayIntegrityTest {

    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
    }

    private static String rid(String name) {
        return "req-replay-" + name + "-" + (++seq);
    }

    private static String qrForm(String order, String amount, String charge) {
        return "orderId=" + order + "&status=success&amount=" + amount + "&chargeId=" + charge;
    }

    private static CallbackError entryOf(String requestId) {
        return w.c.tables().callbackErrorLog().scanAll().stream().filter(e -> e.rawEvent() != null && e.rawEvent().contains(requestId))
                .findFirst().orElseThrow();
    }

    private static ReplayState state(String errorId) {
        return w.c.tables().callbackErrorLog().replayState(errorId).orElseThrow();
    }

    private static String deadLetter(String function, String payload) {
        return "{\"deadLetter\": {\"version\":\"1.0\",\"requestContext\":{\"requestId\":\"r1\",\"functionArn\":"
                + "\"arn:aws:lambda:ap-southeast-1:000000000000:function:" + function + ":$LATEST\",\"condition\":"
                + "\"RetriesExhausted\",\"approximateInvokeCount\":3},\"requestPayload\":" + payload + "}}";
    }

    /** Order A paid with charge C through the QR callback; C's record binds it to A. */
    private static String paidThroughTheCallback(String order, String charge, String total) {
        w.suite.paidQrCharge(charge, total, order);
        assertEquals(200, w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, total, charge), rid("paid"))).status());
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order));
        return charge;
    }

    // --- Finding 3: replay is no door --------------------------------------------------------------

    @Test
    void aDeadLetterTellingProcessPaidOrderInternalToPayAnotherOrderWithAPaidChargeIsRefused() {
        String a = w.order("40");
        String b = w.order("40");
        String charge = paidThroughTheCallback(a, "chrg_test_replay_ab", "40");
        // Even KBank's answer altered to name B would not do: the suite's record binds C to A.
        w.suite.paidQrCharge(charge, "40", b);
        reset(w.ses);

        JsonNode outcome = Json.parse(w.replay.handle(deadLetter(w.c.platform().names().processPaidOrderInternalFunction(),
                "{\"orderId\":\"" + b + "\",\"paymentType\":\"qr\",\"success\":true,\"chargeId\":\"" + charge + "\"}"))).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), "the function ran and refused: " + outcome);
        assertFalse(w.paid(b), "one charge never pays two orders");
        assertEquals(charge, w.c.tables().orders().find(new OrderId(a)).orElseThrow().paidChargeId().value());
        List<ProcessPaidOrderLog> refused = w.c.tables().processPaidOrderLog().forOrder(new OrderId(b)).stream()
                .filter(r -> r.outcome() == ProcessedAs.REFUSED).toList();
        assertEquals(1, refused.size(), "the refusal is on B's story");
        assertTrue(refused.get(0).error().contains("CHARGE_USED"), refused.get(0).error());
        verify(w.ses, never()).sendEmail(any(), any(), any(), any());
        assertEquals(List.of(), w.drain());
    }

    @Test
    void kbankCreateOrderNeverRunsWithMadeUpClaimsThroughReplay() {
        String order = w.order("42");
        ObjectNode event = (ObjectNode) Json.parse(Wiring.event("/kbank/order", "application/json",
                "{\"orderId\":\"" + order + "\",\"paymentMethod\":\"qr\"}", rid("claims")));
        ((ObjectNode) event.get("requestContext")).putObject("authorizer").putObject("claims").put("sub", "made-up-owner");
        int kbankOrders = w.suite.kbank().calls("POST", "/qr/v2/order");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.replay.handle(
                deadLetter(w.c.platform().names().kbankCreateOrderFunction(), Json.write(event))));

        assertTrue(e.getMessage().contains("may name only"), e.getMessage());
        assertEquals(kbankOrders, w.suite.kbank().calls("POST", "/qr/v2/order"), "KBank was asked for nothing");
        assertTrue(w.c.tables().kbankOrders().forOrder(new OrderId(order)).isEmpty());
    }

    // --- Finding 5: replay never replays replay --------------------------------------------------------

    @Test
    void replayNestedTenDeepIsRefusedAtOnceWithABoundedAnswer() {
        String order = w.order("43");
        String request = "{\"orderId\":\"" + order + "\",\"paymentType\":\"qr\",\"chargeId\":\"chrg_test_nested\"}";
        request = deadLetter(w.c.platform().names().processPaidOrderInternalFunction(), request);
        for (int depth = 0; depth < 10; depth++) {
            request = deadLetter(w.c.platform().names().function(com.villamarket.payment3.common.config.SuiteFunction.REPLAY), request);
        }
        String nested = request;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.replay.handle(nested));

        assertTrue(e.getMessage().length() < 1_000, "length " + e.getMessage().length());
        assertEquals(List.of(), w.drain());
        assertTrue(w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).isEmpty(), "nothing ran");
    }

    // --- Finding 4: a replay's outcome is its entry's -----------------------------------------------

    @Test
    void fiveRunsOfReplayAllOverRefusalsKeepTheEntriesAndSendNoMail() {
        try (Wiring own = new Wiring()) {
            List<String> ids = List.of(rid("refusal"), rid("refusal"), rid("refusal"));
            for (String id : ids) {
                String victim = own.order("50");
                String other = own.order("50");
                String charge = "chrg_test_refused_" + id.replace('-', '_');
                own.suite.paidQrCharge(charge, "50", other);
                Answer refused = own.api(own.qrCallback, Wiring.qrEvent(qrForm(victim, "50", charge), id));
                assertTrue(refused.status() >= 400 && refused.status() < 500, refused.toString());
            }
            int entries = own.c.tables().callbackErrorLog().scanAll().size();
            assertEquals(3, own.c.tables().callbackErrorLog().unresolved().size());
            reset(own.ses);

            for (int run = 0; run < 5; run++) {
                own.replay.handle("{\"allOpen\": true}");
            }

            assertEquals(entries, own.c.tables().callbackErrorLog().scanAll().size(), "no replay made a new entry");
            assertEquals(List.of(), own.c.tables().callbackErrorLog().unresolved(), "a refusal refused again is closed as such");
            verify(own.ses, never()).sendEmail(any(), any(), any(), any());
            for (CallbackError entry : own.c.tables().callbackErrorLog().scanAll()) {
                ReplayState state = own.c.tables().callbackErrorLog().replayState(entry.errorId()).orElseThrow();
                assertEquals(1, state.attempts(), "replayed once, then closed: " + state);
                assertTrue(state.lastOutcome().startsWith("refused again on replay"), state.lastOutcome());
            }
        }
    }

    @Test
    void aRefundOwedStaysOpenWhateverReplayIsAskedOnlyAPersonClosesIt() {
        try (Wiring own = new Wiring()) {
            String order = own.order("30");
            own.suite.paidQrCharge("chrg_test_owed_first", "30", order);
            own.suite.paidQrCharge("chrg_test_owed_second", "30", order);
            assertEquals(200, own.api(own.qrCallback, Wiring.qrEvent(qrForm(order, "30", "chrg_test_owed_first"),
                    rid("owed"))).status());
            own.drain();
            Answer twice = own.api(own.qrCallback, Wiring.qrEvent(qrForm(order, "30", "chrg_test_owed_second"), rid("owed")));
            assertEquals(409, twice.status(), twice.toString());
            CallbackError owed = own.c.tables().callbackErrorLog().unresolved().stream()
                    .filter(e -> "ORDER_ALREADY_PAID".equals(e.errorType())).findFirst().orElseThrow();

            for (int run = 0; run < 3; run++) {
                own.replay.handle("{\"allOpen\": true}");
            }
            assertTrue(own.c.tables().callbackErrorLog().replayState(owed.errorId()).map(ReplayState::attempts).orElse(0) == 0,
                    "a batch replay leaves a refund owed alone");
            own.replay.handle("{\"errorId\": \"" + owed.errorId() + "\"}");

            assertTrue(own.c.tables().callbackErrorLog().unresolved().stream().anyMatch(e -> e.errorId().equals(owed.errorId())),
                    "refused again, and still open: the customer is owed a refund");
            ReplayState state = own.c.tables().callbackErrorLog().replayState(owed.errorId()).orElseThrow();
            assertTrue(state.lastOutcome().startsWith("refused again on replay (left open for a person)"), state.toString());
        }
    }

    /** What a kill of replay looks like from outside: it stops at once, no catch or finally of ours runs. */
    static final class Killed extends Error {
        Killed() {
            super("replay killed");
        }
    }

    @Test
    void aReplayKilledBetweenTheInvocationAndTheOutcomeLeavesItsEntryToTheNextReplay() {
        String order = w.order("44");
        w.suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_killed_replay", 502, "{\"object\":\"error\",\"code\":\"down\"}");
        String id = rid("killed");
        assertEquals(503, w.api(w.qrCallback, Wiring.qrEvent(qrForm(order, "44", "chrg_test_killed_replay"), id)).status());
        CallbackError entry = entryOf(id);
        w.suite.kbank().reset();
        w.suite.paidQrCharge("chrg_test_killed_replay", "44", order);
        int entries = w.c.tables().callbackErrorLog().scanAll().size();
        FunctionCaller dies = (function, payload) -> {
            w.call(function, payload);
            throw new Killed();
        };
        ReplayService killed = new ReplayService(w.c.tables().callbackErrorLog(), dies, w.c.platform().names(), w.clock);

        assertThrows(Killed.class, () -> killed.handle("{\"errorId\":\"" + entry.errorId() + "\"}"));

        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order), "the function did its work");
        assertFalse(w.c.tables().callbackErrorLog().isResolved(entry.errorId()), "the outcome was never written: still open");
        assertEquals(1, state(entry.errorId()).attempts(), "the attempt was counted before the invocation");
        assertEquals(entries, w.c.tables().callbackErrorLog().scanAll().size());

        JsonNode outcome = Json.parse(w.replay.handle("{\"errorId\":\"" + entry.errorId() + "\"}")).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertTrue(w.c.tables().callbackErrorLog().isResolved(entry.errorId()));
        assertEquals(2, state(entry.errorId()).attempts());
        assertEquals(List.of(), w.drain());
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.PAID).count());
        assertEquals(entries, w.c.tables().callbackErrorLog().scanAll().size());
    }

    @Test
    void aRefusalReplayedByAReplayThatDiesIsClosedByTheFunctionItself() {
        String victim = w.order("45");
        String other = w.order("45");
        w.suite.paidQrCharge("chrg_test_killed_refusal", "45", other);
        String id = rid("killed-refusal");
        w.api(w.qrCallback, Wiring.qrEvent(qrForm(victim, "45", "chrg_test_killed_refusal"), id));
        CallbackError entry = entryOf(id);
        reset(w.ses);
        ReplayService killed = new ReplayService(w.c.tables().callbackErrorLog(), (function, payload) -> {
            w.call(function, payload);
            throw new Killed();
        }, w.c.platform().names(), w.clock);

        assertThrows(Killed.class, () -> killed.handle("{\"errorId\":\"" + entry.errorId() + "\"}"));

        assertTrue(w.c.tables().callbackErrorLog().isResolved(entry.errorId()), "closed as a refusal by the function's error logger");
        assertTrue(state(entry.errorId()).lastOutcome().startsWith("refused again on replay"), state(entry.errorId()).toString());
        verify(w.ses, never()).sendEmail(any(), any(), any(), any());
        assertFalse(w.paid(victim));
    }

    // --- Finding 11: what is stored and e-mailed --------------------------------------------------------

    @Test
    void aRedactedEntryKeepsNoCredentialsOrPersonalDataAndItsReplayStillPays() {
        String order = w.order("46");
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvd25lci0xIiwiZW1haWwiOiJhQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJlLXNlY3JldA";
        // KBank fails, and its error text quotes our key.
        w.suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_redacted", 502,
                "{\"object\":\"error\",\"code\":\"gateway\",\"message\":\"upstream refused key " + LocalSuite.KBANK_SECRET_KEY
                        + "\"}");
        String id = rid("redacted");
        ObjectNode event = (ObjectNode) Json.parse(Wiring.qrEvent(qrForm(order, "46", "chrg_test_redacted")
                + "&email=somchai%40example.co.th&phone=0812345678", id));
        ((ObjectNode) event.get("headers")).put("Authorization", "Bearer " + jwt).put("Cookie", "session=s3cr3t-cookie-value");
        event.putObject("multiValueHeaders").putArray("authorization").add("Bearer " + jwt);
        ArgumentCaptor<String> mail = ArgumentCaptor.forClass(String.class);

        assertEquals(503, w.api(w.qrCallback, Json.write(event)).status());

        CallbackError entry = entryOf(id);
        assertTrue(entry.error().contains("upstream refused key ") && entry.error().contains("[redacted]"), entry.error());
        verify(w.ses, atLeastOnce()).sendEmail(any(), any(), any(), mail.capture());
        String sent = String.join("\n", mail.getAllValues());
        for (String written : List.of(entry.rawEvent(), entry.error(), sent)) {
            assertFalse(written.contains(jwt.substring(0, 30)), written);
            assertFalse(written.contains("s3cr3t-cookie-value"), written);
            assertFalse(written.contains("somchai"), written);
            assertFalse(written.contains("0812345678"), written);
            assertFalse(written.contains(LocalSuite.KBANK_SECRET_KEY), written);
        }
        assertTrue(entry.rawEvent().contains("chrg_test_redacted") && entry.rawEvent().contains(order), entry.rawEvent());

        w.suite.kbank().reset();
        w.suite.paidQrCharge("chrg_test_redacted", "46", order);
        JsonNode outcome = Json.parse(w.replay.handle("{\"errorId\":\"" + entry.errorId() + "\"}")).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertEquals(List.of(), w.drain());
        assertTrue(w.paid(order), "the redacted event still redoes the work");
        assertTrue(w.c.tables().callbackErrorLog().isResolved(entry.errorId()));
    }
}
