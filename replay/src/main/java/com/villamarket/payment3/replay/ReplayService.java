package com.villamarket.payment3.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs what failed, through the very functions that failed: a callback in the error log (its
 * raw event sent again to the function that logged it) or an event from the asynchronous failure
 * destination (its payload sent again to its function). Safe to repeat: every function is
 * idempotent, so a replay of something that succeeded meanwhile changes nothing.
 */
public final class ReplayService {

    /** What became of one replay. */
    public record Outcome(String source, String functionName, boolean succeeded, String answer) {
    }

    private final CallbackErrorLogRepository errors;
    private final FunctionCaller caller;
    private final Names names;
    private final Clock clock;

    public ReplayService(CallbackErrorLogRepository errors, FunctionCaller caller, Names names, Clock clock) {
        this.errors = errors;
        this.caller = caller;
        this.names = names;
        this.clock = clock;
    }

    public static ReplayService create(Components c) {
        return new ReplayService(c.callbackErrorLog(), (function, payload) -> c.caller().call(function, payload),
                c.names(), c.clock());
    }

    /**
     * Handles a replay request: {@code {"errorId": "…"}}, {@code {"allOpen": true}}, or
     * {@code {"deadLetter": <Lambda failure-destination record, or the SQS message body holding one>}}.
     *
     * @return the outcomes, JSON
     */
    public String handle(String request) {
        JsonNode node = Json.parse(request);
        List<Outcome> outcomes = new ArrayList<>();
        if (node.hasNonNull("errorId")) {
            outcomes.add(replayError(node.get("errorId").asText()));
        } else if (node.path("allOpen").asBoolean(false)) {
            for (CallbackError error : errors.unresolved()) {
                // Reconciliation's reports carry no event to send again: they wait for a person.
                if (SuiteFunction.replayableByErrorLogName(error.functionName()).isPresent()) {
                    outcomes.add(replayOpen(error));
                }
            }
        } else if (node.has("deadLetter")) {
            JsonNode letter = node.get("deadLetter");
            outcomes.add(replayDeadLetter(letter.isTextual() ? Json.parse(letter.asText()) : letter));
        } else {
            throw new IllegalArgumentException("expected {\"errorId\": …}, {\"allOpen\": true} or {\"deadLetter\": …}");
        }
        ArrayNode out = Json.mapper().createArrayNode();
        outcomes.forEach(o -> {
            ObjectNode item = out.addObject();
            item.put("source", o.source());
            item.put("functionName", o.functionName());
            item.put("succeeded", o.succeeded());
            item.put("answer", o.answer());
        });
        return Json.write(out);
    }

    /** One open entry of a batch: a failure to call its function is its outcome, and the batch goes on. */
    private Outcome replayOpen(CallbackError error) {
        try {
            return replayError(error.errorId());
        } catch (RuntimeException e) {
            Log.error("could not replay an open entry; the others go on", e, "errorId", error.errorId());
            return new Outcome("error:" + error.errorId(), error.functionName(), false, "not replayed: " + e.getMessage());
        }
    }

    /** Sends a logged callback's raw event again to its function; marks the entry resolved when it succeeds. */
    public Outcome replayError(String errorId) {
        CallbackError error = errors.find(errorId).orElseThrow(() ->
                new IllegalArgumentException("no error log entry " + errorId));
        String function = SuiteFunction.replayableByErrorLogName(error.functionName()).map(names::function)
                .orElseThrow(() -> new IllegalArgumentException("error log entry " + errorId + " is of "
                        + error.functionName() + ", which has no replayable event"));
        FunctionCaller.Result result = caller.call(function, error.rawEvent());
        int status = result.failed() ? 0 : Json.parse(result.payload()).path("statusCode").asInt(0);
        boolean succeeded = status >= 200 && status < 300;
        if (succeeded) {
            errors.markResolved(errorId, clock.instant(), "replayed");
        }
        Log.info("replayed a logged callback", "errorId", errorId, "function", function, "status", status);
        return new Outcome("error:" + errorId, function, succeeded, succeeded ? "status " + status
                : (result.failed() ? result.payload() : "status " + status + " (a new error log entry says why)"));
    }

    /** Sends a failure-destination event's payload again to its function. */
    public Outcome replayDeadLetter(JsonNode record) {
        String arn = record.path("requestContext").path("functionArn").asText("");
        String[] parts = arn.split(":");
        if (parts.length < 7 || !"function".equals(parts[5])) {
            throw new IllegalArgumentException("the dead letter has no requestContext.functionArn");
        }
        JsonNode payload = record.get("requestPayload");
        if (payload == null) {
            throw new IllegalArgumentException("the dead letter has no requestPayload");
        }
        FunctionCaller.Result result = caller.call(parts[6], Json.write(payload));
        Log.info("replayed a dead-lettered invocation", "function", parts[6], "failed", result.failed());
        return new Outcome("deadLetter:" + record.path("requestContext").path("requestId").asText(""), parts[6],
                !result.failed(), result.payload());
    }
}
