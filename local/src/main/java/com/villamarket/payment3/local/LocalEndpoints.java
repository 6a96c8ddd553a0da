package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.local.ApiServer.Answer;
import com.villamarket.payment3.testkit.TemplateTables;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The local stack's own endpoints under {@code /_local/}: a look inside (status, error log, dead letters),
 * the console's test events for replay and reconciliation, and the thank-you page a local payment ends on.
 * Each answers plain JSON, or a 400 with a reason for a request it cannot take.
 */
final class LocalEndpoints {

    private static final long MAX_MINUTES_LATER = 7 * 24 * 60;

    private final SuiteInProcess stack;

    private LocalEndpoints(SuiteInProcess stack) {
        this.stack = stack;
    }

    static void register(ApiServer api, SuiteInProcess stack) {
        LocalEndpoints endpoints = new LocalEndpoints(stack);
        api.local("GET", "/_local/status", r -> endpoints.status());
        api.local("GET", "/_local/errors", r -> endpoints.errors());
        api.local("GET", "/_local/dead-letters", r -> Answer.json(200, Json.parse(stack.deadLettersJson())));
        api.local("POST", "/_local/replay", endpoints::replay);
        api.local("POST", "/_local/reconcile", endpoints::reconcile);
        api.local("GET", "/_local/thankyou", endpoints::thankYou);
        api.local("GET", "/_local/orders/", endpoints::story);
    }

    /** The parts and where they listen, the branch, the clock, and the items in each table. */
    private Answer status() {
        ObjectNode status = Json.object();
        status.put("branch", stack.branch());
        ObjectNode parts = status.putObject("parts");
        parts.put("api", stack.apiUrl());
        parts.put("dynamoDb", stack.dynamoDbEndpoint().toString());
        parts.put("kbank", stack.kbankUrl() + (stack.usesSandbox() ? " (sandbox)" : ""));
        parts.put("outbox", stack.outbox().toAbsolutePath().toString());
        status.put("clockAheadMinutes", stack.clock().ahead().toMinutes());
        ObjectNode tables = status.putObject("tables");
        for (String table : tableNames()) {
            tables.put(table, stack.dynamoDb().scan(r -> r.tableName(table).select(Select.COUNT)).count());
        }
        status.put("deadLetters", stack.lambda().deadLetters().size());
        return Answer.json(200, status);
    }

    private List<String> tableNames() {
        Set<String> names = TemplateTables.load().createTableRequests(stack.branch()).stream()
                .map(r -> r.tableName()).collect(Collectors.toCollection(TreeSet::new));
        names.add(stack.components().config().orderTable());
        return List.copyOf(names);
    }

    /** The error log, newest first, each entry with what replay needs to know. */
    private Answer errors() {
        ArrayNode entries = Json.mapper().createArrayNode();
        stack.components().callbackErrorLog().scanAll().stream()
                .sorted(Comparator.comparing(CallbackError::createdAt).reversed())
                .forEach(e -> entries.addObject()
                        .put("errorId", e.errorId())
                        .put("createdAt", e.createdAt().toString())
                        .put("function", e.functionName())
                        .put("orderId", e.orderId())
                        .put("chargeId", e.chargeId())
                        .put("errorType", e.errorType())
                        .put("error", e.error())
                        .put("resolved", e.resolved())
                        .put("rawEvent", e.rawEvent()));
        return Answer.json(200, entries);
    }

    /**
     * The replay function with the request body as its event ({@code {"errorId": …}}, {@code {"allOpen": true}}
     * or {@code {"deadLetter": …}}): its outcomes, and the error log entries the replay added.
     */
    private Answer replay(ApiServer.Request request) {
        JsonNode body = jsonObject(request.body());
        Set<String> before = errorIds();
        FunctionCaller.Result result = stack.callFunction("ReplayFunction", Json.write(body));
        if (result.failed()) {
            return Answer.badRequest(Json.parse(result.payload()).path("errorMessage").asText("the replay failed"));
        }
        ObjectNode answer = Json.object();
        answer.set("outcomes", Json.parse(Json.parse(result.payload()).path("body").asText("[]")));
        ArrayNode added = answer.putArray("newErrors");
        errorIds().stream().filter(id -> !before.contains(id)).forEach(added::add);
        return Answer.json(200, answer);
    }

    /**
     * The reconciliation function, as its schedule runs it; {@code ?minutesLater=N} first moves the functions'
     * clock N minutes forward, so that payments younger than {@code RECONCILE_MIN_AGE_MINUTES} can be tried.
     */
    private Answer reconcile(ApiServer.Request request) {
        String later = request.query().get("minutesLater");
        if (later != null) {
            long minutes;
            try {
                minutes = Long.parseLong(later);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("minutesLater must be a whole number of minutes");
            }
            if (minutes < 0 || minutes > MAX_MINUTES_LATER) {
                throw new IllegalArgumentException("minutesLater must be between 0 and " + MAX_MINUTES_LATER);
            }
            stack.clock().advance(Duration.ofMinutes(minutes));
        }
        ObjectNode event = Json.object().put("source", "aws.events").put("detail-type", "Scheduled Event")
                .put("time", stack.clock().instant().toString());
        event.putObject("detail");
        FunctionCaller.Result result = stack.callFunction("ReconcileFunction", Json.write(event));
        JsonNode answer = Json.parse(result.payload());
        if (result.failed()) {
            return Answer.json(500, answer);
        }
        JsonNode body = answer.path("body");
        return Answer.json(200, body.isTextual() ? Json.parse(body.asText()) : answer);
    }

    /** The story of an order or a charge ({@code /_local/orders/{id}[?kbank=true]}), as a page; a bad id gets a 400 page. */
    private Answer story(ApiServer.Request request) {
        try {
            return Answer.page(200, stack.storyPage(request.rest(), "true".equals(request.query().get("kbank"))));
        } catch (IllegalArgumentException e) {
            return Answer.page(400, "<!DOCTYPE html>\n<p>" + Html.escape(e.getMessage()) + "</p>\n");
        }
    }

    /** Where a local payment sends the browser instead of the production shop. */
    private Answer thankYou(ApiServer.Request request) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, String> field : request.query().entrySet()) {
            rows.append("<tr><th>").append(Html.escape(field.getKey())).append("</th><td>")
                    .append(Html.escape(field.getValue())).append("</td></tr>");
        }
        return Answer.page(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Thank you (local)</title></head>"
                + "<body><h1>Thank you (local)</h1><p>The shop's thank-you page would show here, with:</p><table>"
                + rows + "</table></body></html>");
    }

    private Set<String> errorIds() {
        return stack.components().callbackErrorLog().scanAll().stream().map(CallbackError::errorId).collect(Collectors.toSet());
    }

    private static JsonNode jsonObject(String body) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        return node;
    }
}
