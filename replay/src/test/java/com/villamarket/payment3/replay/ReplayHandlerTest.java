package com.villamarket.payment3.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay with its sample events: a logged callback's raw event goes again to the function that logged
 * it, every open entry in turn, and a dead letter's payload to its function; the functions answer
 * through a recording caller, as Lambda's RequestResponse invocation would.
 */
class ReplayHandlerTest {

    /** One synchronous invocation as the caller got it. */
    record Call(String function, String payload) {
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static LocalSuite suite;
    private static Components c;
    private static ReplayHandler handler;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        FunctionCaller caller = (function, payload) -> {
            CALLS.add(new Call(function, payload));
            return new FunctionCaller.Result(false, "{\"statusCode\":200,\"body\":\"<html></html>\"}");
        };
        c = TestComponents.builder(suite).caller(caller).build().components();
        handler = new ReplayHandler(c);
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private static void logged(String errorId, String function, String rawEvent) {
        c.callbackErrorLog().record(new CallbackError(errorId, Instant.now(), function, "002500048744", null, "KBank timed out",
                "KBANK_UNAVAILABLE", rawEvent, null, false));
    }

    @Test
    void theErrorIdSampleSendsTheLoggedEventAgainAndResolvesTheEntry() {
        String callback = Handlers.event("qr-callback/paid.json");
        logged("00000000-0000-0000-0000-000000000000", "qrcallback", callback);

        JsonNode outcome = Json.parse(Handlers.async(handler, Handlers.event("replay/error-id.json"))).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        assertEquals(c.names().qrCallbackFunction(), CALLS.get(CALLS.size() - 1).function());
        assertEquals(Json.parse(callback), Json.parse(CALLS.get(CALLS.size() - 1).payload()), "the raw event, unchanged");
        assertTrue(c.callbackErrorLog().isResolved("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void theAllOpenSampleReplaysEveryOpenEntryThatHasAnEvent() {
        logged("11111111-0000-0000-0000-000000000001", "callback", Handlers.event("card-callback/paid.json"));
        logged("11111111-0000-0000-0000-000000000002", "reconcile", "{\"orderId\":\"002500048744\"}");

        JsonNode outcomes = Json.parse(Handlers.async(handler, Handlers.event("replay/all-open.json")));

        assertTrue(outcomes.toString().contains(c.names().cardCallbackFunction()), outcomes.toString());
        assertTrue(c.callbackErrorLog().isResolved("11111111-0000-0000-0000-000000000001"));
        assertFalse(c.callbackErrorLog().isResolved("11111111-0000-0000-0000-000000000002"),
                "reconciliation's reports are for a person: nothing to send again");
    }

    @Test
    void theDeadLetterSampleSendsThePayloadAgainToItsFunction() {
        JsonNode outcome = Json.parse(Handlers.async(handler, Handlers.event("replay/dead-letter.json"))).get(0);

        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        Call call = CALLS.get(CALLS.size() - 1);
        assertEquals("payment3-process-paid-order-internal-local", call.function(), "named by the dead letter's ARN");
        assertEquals("002500048744", Json.parse(call.payload()).path("orderId").asText());
    }

    @Test
    void aRequestItDoesNotUnderstandIsABadRequest() {
        assertThrows(RuntimeException.class, () -> Handlers.async(handler, "{\"what\": 1}"));
    }

    @Test
    void anEntryWhoseFunctionCannotBeCalledDoesNotStopTheOthersOfABatch() {
        try (LocalSuite own = LocalSuite.start()) {
            Components parts = TestComponents.builder(own).caller((function, payload) -> {
                if (function.contains("cardtoken")) {
                    throw new IllegalStateException("AccessDeniedException: not allowed to invoke " + function);
                }
                return new FunctionCaller.Result(false, "{\"statusCode\":200}");
            }).build().components();
            for (String[] entry : List.of(new String[] {"a", "cardtoken"}, new String[] {"b", "qrcallback"})) {
                parts.callbackErrorLog().record(new CallbackError("00000000-0000-0000-0000-00000000000" + (entry[0].equals("a") ? 1 : 2),
                        Instant.now(), entry[1], "002500048744", null, "KBank timed out", "KBANK_UNAVAILABLE", "{}", null, false));
            }

            JsonNode outcomes = Json.parse(Handlers.async(new ReplayHandler(parts), "{\"allOpen\": true}"));

            assertEquals(2, outcomes.size(), outcomes.toString());
            assertEquals(1, StreamSupport.stream(outcomes.spliterator(), false).filter(o -> o.path("succeeded").asBoolean()).count());
            assertTrue(outcomes.toString().contains("not replayed: AccessDeniedException"), outcomes.toString());
            assertEquals(1, parts.callbackErrorLog().unresolved().size(), "the one not replayed stays open");
        }
    }
}
