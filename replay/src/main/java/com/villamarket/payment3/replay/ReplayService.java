package com.villamarket.payment3.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.Redaction;
import com.villamarket.payment3.common.errors.ReplayMark;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Re-runs what failed, through the very functions that failed, sending only what the suite itself
 * stored: an error log entry's event, by the entry's id, to the function that logged it; a record of
 * the asynchronous failure destination, its payload byte for byte, to the function it names, which
 * must be one that has a failure destination (never replay itself, never an API function). Safe to
 * repeat: every function is idempotent, and the after-paid ones check the suite's records whoever
 * invokes them, so a replay of something that succeeded meanwhile changes nothing.
 *
 * <p>A replay's outcome belongs to the entry replayed: the attempt is counted on the entry before the
 * function is invoked, the function's error logger puts a failure on that entry (a refusal closes it),
 * and replay records the rest; no replay ever makes a new entry or e-mail. The answer is bounded.
 */
public final class ReplayService {

    /** The functions Lambda keeps failed invocations of on the failure destination (template.yaml's DestinationConfig). */
    static final Set<SuiteFunction> DEAD_LETTER_FUNCTIONS = EnumSet.of(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL,
            SuiteFunction.PROCESS_PAID_ORDER, SuiteFunction.KBANK_CREATE_USER, SuiteFunction.KBANK_ADD_CARD);
    /** The largest request taken: an SQS message (a dead letter's home) holds at most 256 KB. */
    static final int REQUEST_CHARS = 300_000;
    /** The most characters of a function's answer an outcome quotes; the rest is its size and SHA-256. */
    static final int ANSWER_CHARS = 1_000;
    /** The most outcomes an answer lists one by one; the others are counted in a last summary item. */
    static final int LISTED_OUTCOMES = 50;

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
        Platform platform = c.platform();
        return new ReplayService(c.tables().callbackErrorLog(), (function, payload) -> platform.caller().call(function, payload),
                platform.names(), platform.clock());
    }

    /**
     * Handles a replay request: {@code {"errorId": "…"}}, {@code {"allOpen": true}}, or
     * {@code {"deadLetter": <Lambda failure-destination record, or the SQS message body holding one>}}.
     *
     * @return the outcomes, JSON: at most {@value #LISTED_OUTCOMES} listed, then a summary of the rest
     * @throws IllegalArgumentException for a request that is not one of these, or asks for what replay may not send
     */
    public String handle(String request) {
        if (request == null || request.length() > REQUEST_CHARS) {
            throw new IllegalArgumentException("a replay request has at most " + REQUEST_CHARS + " characters");
        }
        JsonNode node = Json.parse(request);
        List<Outcome> outcomes = new ArrayList<>();
        if (node.hasNonNull("errorId")) {
            outcomes.add(replayError(node.get("errorId").asText()));
        } else if (node.path("allOpen").asBoolean(false)) {
            for (CallbackError error : errors.unresolved()) {
                // Reconciliation's reports carry no event to send again, and a refund owed is no replay's to
                // settle: both wait for a person.
                if (SuiteFunction.replayableByErrorLogName(error.functionName()).isPresent()
                        && !FailureKind.waitsForAPerson(error.errorType())) {
                    outcomes.add(replayOpen(error));
                }
            }
        } else if (node.has("deadLetter")) {
            JsonNode letter = node.get("deadLetter");
            outcomes.add(replayDeadLetter(letter.isTextual() ? letter.asText() : member(request, "deadLetter")));
        } else {
            throw new IllegalArgumentException("expected {\"errorId\": …}, {\"allOpen\": true} or {\"deadLetter\": …}");
        }
        return answer(outcomes);
    }

    private static String answer(List<Outcome> outcomes) {
        ArrayNode out = Json.mapper().createArrayNode();
        outcomes.stream().limit(LISTED_OUTCOMES).forEach(o -> {
            ObjectNode item = out.addObject();
            item.put("source", o.source());
            item.put("functionName", o.functionName());
            item.put("succeeded", o.succeeded());
            item.put("answer", Redaction.forPeople(o.answer(), ANSWER_CHARS));
        });
        if (outcomes.size() > LISTED_OUTCOMES) {
            ObjectNode summary = out.addObject();
            summary.put("source", "summary");
            summary.put("replayed", outcomes.size());
            summary.put("succeeded", outcomes.stream().filter(Outcome::succeeded).count());
            summary.put("notListed", outcomes.size() - LISTED_OUTCOMES);
        }
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

    /**
     * Sends a logged callback's stored event again to its function, marked as a replay of its entry; the
     * outcome is recorded on the entry, which is closed when the function succeeds or refuses it again.
     */
    public Outcome replayError(String errorId) {
        CallbackError error = errors.find(errorId).orElseThrow(() ->
                new IllegalArgumentException("no error log entry " + errorId));
        String function = SuiteFunction.replayableByErrorLogName(error.functionName()).map(names::function)
                .orElseThrow(() -> new IllegalArgumentException("error log entry " + errorId + " is of "
                        + error.functionName() + ", which has no replayable event"));
        if (error.rawEvent() == null || error.rawEvent().isBlank()) {
            throw new IllegalArgumentException("error log entry " + errorId + " keeps no event to send again");
        }
        // Counted first: a replay killed after the invocation still leaves its attempt on the entry.
        int attempt = errors.startReplay(errorId, clock.instant());
        FunctionCaller.Result result = caller.call(function, ReplayMark.mark(error.rawEvent(), errorId));
        int status = result.failed() ? 0 : statusOf(result.payload());
        boolean succeeded = status >= 200 && status < 300;
        String said;
        if (succeeded) {
            said = "replayed: status " + status;
            errors.recordReplayOutcome(errorId, clock.instant(), said, true);
        } else if (result.failed()) {
            said = "the function failed: " + Redaction.forPeople(result.payload(), ANSWER_CHARS);
            errors.recordReplayOutcome(errorId, clock.instant(), said, false);
        } else {
            // The function's error logger put its failure on the entry (a refusal closed it); an answer it did
            // not log (a 4xx page of its own) is a refusal too.
            String recorded = errors.replayState(errorId).map(CallbackErrorLogRepository.ReplayState::lastOutcome).orElse(null);
            boolean refused = status >= 400 && status < 500;
            said = recorded != null && !recorded.startsWith("replay started")
                    ? recorded : "answered status " + status + (refused ? ": refused again" : "");
            if (recorded == null || recorded.startsWith("replay started")) {
                errors.recordReplayOutcome(errorId, clock.instant(), said, refused);
            }
        }
        Log.info("replayed a logged callback", "errorId", errorId, "function", function, "status", status,
                "attempt", attempt, "outcome", said);
        return new Outcome("error:" + errorId, function, succeeded, said);
    }

    private static int statusOf(String answer) {
        try {
            return Json.parse(answer).path("statusCode").asInt(0);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Sends a failure-destination record's payload, byte for byte as the record holds it, again to the function
     * the record names, when that is one of this branch's functions with a failure destination.
     *
     * @param record the record's JSON text
     */
    public Outcome replayDeadLetter(String record) {
        JsonNode letter = Json.parse(record);
        if (!letter.isObject()) {
            throw new IllegalArgumentException("the dead letter is not a JSON object");
        }
        String arn = letter.path("requestContext").path("functionArn").asText("");
        String[] parts = arn.split(":");
        if (parts.length < 7 || !"function".equals(parts[5])) {
            throw new IllegalArgumentException("the dead letter has no requestContext.functionArn");
        }
        String name = parts[6];
        SuiteFunction function = DEAD_LETTER_FUNCTIONS.stream().filter(f -> names.function(f).equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a dead letter may name only a function of this branch"
                        + " that has a failure destination (" + DEAD_LETTER_FUNCTIONS.stream().map(names::function).toList()
                        + "); this one names " + Redaction.forPeople(name, 140)));
        String payload = member(record, "requestPayload");
        FunctionCaller.Result result = caller.call(name, payload);
        Log.info("replayed a dead-lettered invocation", "function", function.stem(), "failed", result.failed());
        return new Outcome("deadLetter:" + letter.path("requestContext").path("requestId").asText(""), name,
                !result.failed(), result.payload());
    }

    /**
     * The text of one member of a JSON object's top level, exactly as it is written there.
     *
     * @throws IllegalArgumentException when the member is missing or written twice (which copy would count is not ours to guess)
     */
    static String member(String objectText, String field) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(objectText)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                int start = (int) parser.getTokenLocation().getCharOffset();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else {
                    parser.finishToken();
                }
                int end = (int) parser.getCurrentLocation().getCharOffset();
                if (field.equals(name)) {
                    if (found != null) {
                        throw new IllegalArgumentException("the dead letter has " + field + " twice");
                    }
                    found = objectText.substring(start, end);
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("the dead letter has no " + field);
            }
            return found;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
