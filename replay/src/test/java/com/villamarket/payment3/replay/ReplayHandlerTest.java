package com.villamarket.payment3.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ReplayMark;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay with its sample events: a logged callback's raw event goes again to the function that logged
 * it, every open entry in turn, and a dead letter's payload to its function; the functions answer
 * through a recording caller, as Lambda's RequestResponse invocation would.
 */
@LocalSuiteTest
class ReplayHandlerTest {

    /** One synchronous invocation as the caller got it. */
    record Call(String function, String payload) {
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static LocalSuite suite;
    private static Components c;
    private static ReplayHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents.Builder parts) {
        suite = localSuite;
        FunctionCaller caller = (function, payload) -> {
            CALLS.add(new Call(function, payload));
            return new FunctionCaller.Result(false, "{\"statusCode\":200,\"body\":\"<html></html>\"}");
        };
        TestComponents test = parts.caller(caller).build();
        c = test.admin();
        handler = new ReplayHandler(test.function());
    }


    private static void logged(String errorId, String function, String rawEvent) {
        c.tables().callbackErrorLog().record(new CallbackError(errorId, Instant.now(), function, ReceivedId.of("002500048744"), null, "KBank timed out",
                "KBANK_UNAVAILABLE", rawEvent, null, false));
    }

    @Test
    void theErrorIdSampleSendsTheLoggedEventAgainAndResolvesTheEntry() {
        String callback = Handlers.event("qr-callback/paid.json");
        logged("00000000-0000-0000-0000-000000000000", "qrcallback", callback);

        JsonNode outcome = Json.parse(Handlers.async(handler, Handlers.event("replay/error-id.json"))).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertEquals(c.platform().names().qrCallbackFunction(), CALLS.get(CALLS.size() - 1).function());
        String sent = CALLS.get(CALLS.size() - 1).payload();
        assertEquals(Json.parse(callback), Json.parse(ReplayMark.unmarked(sent)), "the stored event, unchanged but for the mark");
        assertEquals("00000000-0000-0000-0000-000000000000", ReplayMark.read(sent).orElseThrow(),
                "marked as a replay of its entry, whose outcome it is");
        assertEquals(1, c.tables().callbackErrorLog().replayState("00000000-0000-0000-0000-000000000000").orElseThrow().attempts());
        assertTrue(c.tables().callbackErrorLog().isResolved("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void theAllOpenSampleReplaysEveryOpenEntryThatHasAnEvent() {
        logged("11111111-0000-0000-0000-000000000001", "callback", Handlers.event("card-callback/paid.json"));
        logged("11111111-0000-0000-0000-000000000002", "reconcile", "{\"orderId\":\"002500048744\"}");

        JsonNode outcomes = Json.parse(Handlers.async(handler, Handlers.event("replay/all-open.json")));

        assertTrue(outcomes.toString().contains(c.platform().names().cardCallbackFunction()), outcomes.toString());
        assertTrue(c.tables().callbackErrorLog().isResolved("11111111-0000-0000-0000-000000000001"));
        assertFalse(c.tables().callbackErrorLog().isResolved("11111111-0000-0000-0000-000000000002"),
                "reconciliation's reports are for a person: nothing to send again");
    }

    /** The sample dead letter, naming this test's branch instead of the local stack's. */
    private static String sampleDeadLetter() {
        return Handlers.event("replay/dead-letter.json").replace("-local:", "-" + c.platform().config().branch() + ":");
    }

    @Test
    void theDeadLetterSampleSendsThePayloadAgainToItsFunction() {
        JsonNode outcome = Json.parse(Handlers.async(handler, sampleDeadLetter())).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        Call call = CALLS.get(CALLS.size() - 1);
        assertEquals(c.platform().names().processPaidOrderInternalFunction(), call.function(), "named by the dead letter's ARN");
        assertEquals("002500048744", Json.parse(call.payload()).path("orderId").asText());
    }

    @Test
    void aDeadLettersPayloadIsSentByteForByteAsTheFailureDestinationRecordedIt() {
        String payload = "{ \"orderId\" : \"002500048744\",\"paymentType\":\"qr\", \"chargeId\":\"chrg_test_bytes\","
                + "\"note\":\"\\u00e9 6.000\",\"n\":6.000 }";
        String letter = deadLetter(c.platform().names().processPaidOrderInternalFunction(), payload);

        Handlers.async(handler, "{\"deadLetter\": " + letter + "}");
        assertEquals(payload, CALLS.get(CALLS.size() - 1).payload());
        Handlers.async(handler, Json.write(Json.object().put("deadLetter", letter)));
        assertEquals(payload, CALLS.get(CALLS.size() - 1).payload(), "the SQS message body, as a string");
    }

    @Test
    void aDeadLetterNamingAnythingButAFunctionWithAFailureDestinationIsRefusedUnsent() {
        String claims = "{\"requestContext\":{\"authorizer\":{\"claims\":{\"sub\":\"made-up-owner\"}}},"
                + "\"body\":\"{\\\"orderId\\\":\\\"002500048744\\\"}\"}";
        List<String> refused = List.of(c.platform().names().kbankCreateOrderFunction(), c.platform().names().qrCallbackFunction(),
                c.platform().names().cardTokenFunction(), c.platform().names().function(SuiteFunction.REPLAY),
                "payment3-process-paid-order-internal-master", "some-other-function");
        int before = CALLS.size();
        for (String function : refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Handlers.async(handler, "{\"deadLetter\": " + deadLetter(function, claims) + "}"));
            assertTrue(e.getMessage().contains("may name only"), e.getMessage());
        }
        assertEquals(before, CALLS.size(), "nothing was invoked");
        assertThrows(IllegalArgumentException.class, () -> Handlers.async(handler, "{\"deadLetter\": {\"requestContext\":"
                + "{\"functionArn\":\"arn:aws:lambda:ap-southeast-1:1:function:" + c.platform().names().processPaidOrderInternalFunction()
                + "\"},\"requestPayload\":{\"orderId\":\"1\"},\"requestPayload\":{\"orderId\":\"2\"}}}"),
                "a payload written twice is ambiguous");
        assertEquals(before, CALLS.size());
    }

    @Test
    void replayNeverReplaysReplayHoweverDeepTheNesting() {
        String request = "{\"errorId\": \"00000000-0000-0000-0000-000000000000\"}";
        for (int depth = 0; depth < 10; depth++) {
            request = "{\"deadLetter\": " + deadLetter(c.platform().names().function(SuiteFunction.REPLAY), request) + "}";
        }
        String nested = request;
        int before = CALLS.size();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Handlers.async(handler, nested));

        assertEquals(before, CALLS.size());
        assertTrue(e.getMessage().length() < 1_000, "bounded: " + e.getMessage().length());
        // Nor through the error log: an entry said to be replay's has no event to send.
        c.tables().callbackErrorLog().record(new CallbackError("33333333-0000-0000-0000-000000000001", Instant.now(), "replay",
                null, null, "x", "INTERNAL", nested, null, false));
        assertThrows(IllegalArgumentException.class,
                () -> Handlers.async(handler, "{\"errorId\": \"33333333-0000-0000-0000-000000000001\"}"));
        assertEquals(before, CALLS.size());
    }

    @Test
    void theAnswerIsBoundedWhateverTheFunctionsSayAndHowManyEntriesAreOpen() {
        try (LocalSuite own = LocalSuite.start()) {
            // The function failed, and Lambda's error answer is a megabyte long.
            String huge = "{\"errorMessage\":\"" + "x".repeat(1_000_000) + "\"}";
            TestComponents t = TestComponents.builder(own).caller((function, payload) -> new FunctionCaller.Result(true, huge))
                    .build();
            Components parts = t.admin();
            for (int i = 0; i < 60; i++) {
                parts.tables().callbackErrorLog().record(new CallbackError(String.format("44444444-0000-0000-0000-%012d", i),
                        Instant.now(), "qrcallback", ReceivedId.of("002500048744"), null, "KBank timed out", "KBANK_UNAVAILABLE",
                        Handlers.event("qr-callback/paid.json"), null, false));
            }

            String answer = Handlers.async(new ReplayHandler(t.function()), "{\"allOpen\": true}");

            assertTrue(answer.length() < 150_000, "length " + answer.length());
            JsonNode outcomes = Json.parse(answer);
            assertEquals(ReplayService.LISTED_OUTCOMES + 1, outcomes.size());
            JsonNode summary = outcomes.get(ReplayService.LISTED_OUTCOMES);
            assertEquals(60, summary.path("replayed").asInt(), summary.toString());
            assertEquals(10, summary.path("notListed").asInt(), summary.toString());
            assertTrue(outcomes.get(0).path("answer").asText().contains("sha256"), outcomes.get(0).toString());
        }
    }

    private static String deadLetter(String function, String payload) {
        return "{\"version\":\"1.0\",\"requestContext\":{\"requestId\":\"r1\",\"functionArn\":"
                + "\"arn:aws:lambda:ap-southeast-1:000000000000:function:" + function + ":$LATEST\",\"condition\":"
                + "\"RetriesExhausted\",\"approximateInvokeCount\":3},\"requestPayload\":" + payload + "}";
    }

    @Test
    void aRequestItDoesNotUnderstandIsABadRequest() {
        assertThrows(RuntimeException.class, () -> Handlers.async(handler, "{\"what\": 1}"));
    }

    @Test
    void anEntryWhoseFunctionCannotBeCalledDoesNotStopTheOthersOfABatch() {
        try (LocalSuite own = LocalSuite.start()) {
            TestComponents t = TestComponents.builder(own).caller((function, payload) -> {
                if (function.contains("cardtoken")) {
                    throw new IllegalStateException("AccessDeniedException: not allowed to invoke " + function);
                }
                return new FunctionCaller.Result(false, "{\"statusCode\":200}");
            }).build();
            Components parts = t.admin();
            for (String[] entry : List.of(new String[] {"a", "cardtoken"}, new String[] {"b", "qrcallback"})) {
                parts.tables().callbackErrorLog().record(new CallbackError("00000000-0000-0000-0000-00000000000" + (entry[0].equals("a") ? 1 : 2),
                        Instant.now(), entry[1], ReceivedId.of("002500048744"), null, "KBank timed out", "KBANK_UNAVAILABLE", "{}", null, false));
            }

            JsonNode outcomes = Json.parse(Handlers.async(new ReplayHandler(t.function()), "{\"allOpen\": true}"));

            assertEquals(2, outcomes.size(), outcomes.toString());
            assertEquals(1, StreamSupport.stream(outcomes.spliterator(), false).filter(o -> o.path("succeeded").asBoolean()).count());
            assertTrue(outcomes.toString().contains("not replayed: AccessDeniedException"), outcomes.toString());
            assertEquals(1, parts.tables().callbackErrorLog().unresolved().size(), "the one not replayed stays open");
        }
    }
}
