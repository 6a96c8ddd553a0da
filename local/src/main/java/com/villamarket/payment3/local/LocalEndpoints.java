package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.local.ApiServer.Answer;
import com.villamarket.payment3.ops.Commands;
import com.villamarket.payment3.ops.KBankInquiries;
import com.villamarket.payment3.ops.OrderStories;
import com.villamarket.payment3.ops.Pages;
import com.villamarket.payment3.ops.ReadOnlyDynamoDb;
import com.villamarket.payment3.ops.Story;
import com.villamarket.payment3.ops.StoryCommand;
import com.villamarket.payment3.ops.StoryJson;
import com.villamarket.payment3.ops.StoryPage;
import com.villamarket.payment3.ops.Worklist;
import com.villamarket.payment3.ops.WorklistViews;
import com.villamarket.payment3.testkit.TemplateTables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The local stack's own endpoints under {@code /_local/}: a look inside (status, error log, dead letters),
 * the console's test events for replay and reconciliation, and the thank-you page a local payment ends on.
 * The views (status, error log, dead letters, worklist, a story) are pages for a browser and JSON for tools
 * ({@code ?format=json}, or an Accept without {@code text/html}, as curl sends); the rest answer JSON, or a 400
 * with a reason for a request they cannot take.
 */
final class LocalEndpoints {

    private static final long MAX_MINUTES_LATER = 7 * 24 * 60;

    private final SuiteInProcess stack;

    private LocalEndpoints(SuiteInProcess stack) {
        this.stack = stack;
    }

    static void register(ApiServer api, SuiteInProcess stack) {
        LocalEndpoints endpoints = new LocalEndpoints(stack);
        api.local("GET", "/_local/status", endpoints::status);
        api.local("GET", "/_local/errors", endpoints::errors);
        api.local("GET", "/_local/dead-letters", endpoints::deadLetters);
        api.local("GET", "/_local/worklist", endpoints::worklist);
        api.local("POST", "/_local/replay", endpoints::replay);
        api.local("POST", "/_local/reconcile", endpoints::reconcile);
        api.local("GET", "/_local/thankyou", endpoints::thankYou);
        api.local("GET", "/_local/orders/", endpoints::story);
    }

    /** The parts and where they listen, the branch, the clock, and the items in each table; a page or JSON. */
    private Answer status(ApiServer.Request request) {
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
        if (!request.wantsPage()) {
            return Answer.prettyJson(200, status);
        }
        StringBuilder page = Pages.start("Local stack of branch " + stack.branch());
        page.append(Pages.localNavigation()).append("<table id=\"parts\">\n").append(Pages.headerRow(List.of("part", "where")));
        parts.fields().forEachRemaining(p -> page.append("<tr>").append(Pages.cell(p.getKey()))
                .append(Pages.codeCell(p.getValue().asText())).append("</tr>\n"));
        page.append("<tr>").append(Pages.cell("functions' clock ahead")).append(Pages.cell(stack.clock().ahead().toMinutes()
                + " minutes")).append("</tr>\n<tr>").append(Pages.cell("dead letters"))
                .append(Pages.cell(Long.toString(stack.lambda().deadLetters().size()))).append("</tr>\n</table>\n");
        page.append("<h2>Items in each table</h2>\n<table id=\"tables\">\n").append(Pages.headerRow(List.of("table", "items")));
        tables.fields().forEachRemaining(t -> page.append("<tr>").append(Pages.codeCell(t.getKey()))
                .append(Pages.cell(t.getValue().asText())).append("</tr>\n"));
        page.append("</table>\n<p><a href=\"?format=json\">as JSON</a></p>\n");
        return Answer.page(200, Pages.end(page));
    }

    private List<String> tableNames() {
        Set<String> names = TemplateTables.load().createTableRequests(stack.branch()).stream()
                .map(r -> r.tableName()).collect(Collectors.toCollection(TreeSet::new));
        names.add(stack.components().platform().config().orderTable());
        return List.copyOf(names);
    }

    /** The error log, newest first, each entry with what replay needs to know; a page or JSON. */
    private Answer errors(ApiServer.Request request) {
        List<CallbackError> log = stack.components().tables().callbackErrorLog().scanAll().stream()
                .sorted(Comparator.comparing(CallbackError::createdAt).reversed()).toList();
        if (!request.wantsPage()) {
            ArrayNode entries = Json.mapper().createArrayNode();
            log.forEach(e -> entries.addObject()
                    .put("errorId", e.errorId())
                    .put("createdAt", e.createdAt().toString())
                    .put("function", e.functionName())
                    .put("orderId", ReceivedId.textOf(e.orderId()))
                    .put("chargeId", ReceivedId.textOf(e.chargeId()))
                    .put("errorType", e.errorType())
                    .put("error", e.error())
                    .put("resolved", e.resolved())
                    .set("rawEvent", eventNode(e.rawEvent())));
            return Answer.prettyJson(200, entries);
        }
        StringBuilder page = Pages.start("Error log (" + log.size() + (log.size() == 1 ? " entry" : " entries") + ", newest first)");
        page.append(Pages.localNavigation()).append("<table id=\"errors\">\n").append(Pages.headerRow(List.of(
                "time (" + Pages.SHOP_ZONE.getId() + " / UTC)", "function", "order / charge", "type", "error", "entry",
                "event")));
        for (CallbackError e : log) {
            page.append("<tr>").append(Pages.timeCell(e.createdAt())).append(Pages.cell(e.functionName())).append("<td>")
                    .append(storyLink(ReceivedId.textOf(e.orderId()))).append("<br>").append(storyLink(ReceivedId.textOf(e.chargeId()))).append("</td>")
                    .append(Pages.cell(e.errorType())).append(Pages.cell(e.error()))
                    .append("<td>").append(e.resolved() ? "resolved" : "<strong>open</strong>").append("<br><code>")
                    .append(Html.escape(e.errorId())).append("</code></td><td><details><summary>raw event</summary>")
                    .append(Pages.pre(pretty(e.rawEvent()))).append("</details></td></tr>\n");
        }
        page.append("</table>\n<p><a href=\"?format=json\">as JSON</a></p>\n");
        return Answer.page(200, Pages.end(page));
    }

    /** The asynchronous invocations that failed three times; a page or JSON. */
    private Answer deadLetters(ApiServer.Request request) {
        JsonNode letters = Json.parse(stack.deadLettersJson());
        if (!request.wantsPage()) {
            return Answer.prettyJson(200, letters);
        }
        StringBuilder page = Pages.start("Dead letters (" + letters.size() + ")");
        page.append(Pages.localNavigation()).append("<p>Asynchronous invocations that failed every attempt, as Lambda's"
                + " failure destination keeps them.</p>\n<table id=\"dead-letters\">\n")
                .append(Pages.headerRow(List.of("failed at", "function", "attempts", "error", "event")));
        for (JsonNode letter : letters) {
            page.append("<tr>").append(Pages.cell(letter.path("failedAt").asText())).append(Pages.cell(
                    letter.path("functionName").asText())).append(Pages.cell(letter.path("attempts").asText()))
                    .append(Pages.cell(letter.path("error").asText())).append("<td><details><summary>event</summary>")
                    .append(Pages.pre(prettyJson(letter.path("payload")))).append("</details></td></tr>\n");
        }
        if (letters.isEmpty()) {
            page.append("<tr><td colspan=\"5\">none</td></tr>\n");
        }
        page.append("</table>\n<p><a href=\"?format=json\">as JSON</a></p>\n");
        return Answer.page(200, Pages.end(page));
    }

    /** What needs a person ({@code /_local/worklist[?kbank=true][&format=json]}), as the ops worklist command tells it. */
    private Answer worklist(ApiServer.Request request) {
        boolean kbank = "true".equals(request.query().get("kbank"));
        Commands commands = request.wantsPage() ? Commands.localPages(stack.apiUrl()) : Commands.local(stack.apiUrl());
        OrderStories.Tables tables = tables();
        Worklist.Result list = new Worklist(tables, stories(tables, kbank, commands), commands,
                Duration.ofMinutes(StoryCommand.DEFAULT_STUCK_AFTER_MINUTES), Worklist.DEFAULT_MAX_ITEMS, stack.clock()).build();
        if (!request.wantsPage()) {
            return Answer.prettyJson(200, WorklistViews.json(list, Pages.SHOP_ZONE));
        }
        return Answer.page(200, WorklistViews.page(list, subject -> subject.startsWith("errorId ") ? null
                : "/_local/orders/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + (kbank ? "?kbank=true" : "")));
    }

    private OrderStories.Tables tables() {
        Config config = stack.components().platform().config();
        return OrderStories.Tables.of(ReadOnlyDynamoDb.over(stack.dynamoDb()), config.names(), config.orderTable());
    }

    /** The stories of this stack's tables, read through the read-only guard, with KBank's inquiries when asked. */
    private OrderStories stories(OrderStories.Tables tables, boolean kbank, Commands commands) {
        Config config = stack.components().platform().config();
        Optional<KBankInquiries> inquiries = kbank ? Optional.of(KBankInquiries.over(new UrlConnectionTransport(),
                KBankSecrets.fromEnvironment(config), config.kbankConnectTimeout(), config.kbankReadTimeout())) : Optional.empty();
        return new OrderStories(tables, new OrderStories.Settings(inquiries, StoryCommand.DEFAULT_ERROR_LOG_SCAN_LIMIT,
                Pages.SHOP_ZONE), commands, stack.clock());
    }

    private static String storyLink(String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        return "<a href=\"/_local/orders/" + Html.escape(URLEncoder.encode(id, StandardCharsets.UTF_8)) + "\">"
                + Html.escape(id) + "</a>";
    }

    /** A raw event as JSON, its API Gateway body parsed too when it is JSON (one level of quoting less to read). */
    private static JsonNode eventNode(String raw) {
        try {
            JsonNode event = Json.parse(raw);
            if (event.isObject() && event.path("body").isTextual()) {
                try {
                    JsonNode body = Json.parse(event.path("body").asText());
                    if (body.isContainerNode()) {
                        ((ObjectNode) event).set("body", body);
                    }
                } catch (IllegalArgumentException e) {
                    // A form or text body stays as it came.
                }
            }
            return event;
        } catch (IllegalArgumentException | NullPointerException e) {
            return Json.mapper().getNodeFactory().textNode(raw);
        }
    }

    private static String prettyJson(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.write(node);
        }
    }

    private static String pretty(String raw) {
        JsonNode event = eventNode(raw);
        return event.isTextual() ? event.asText() : prettyJson(event);
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

    /**
     * The story of an order or a charge ({@code /_local/orders/{id}[?kbank=true][&format=json]}), as a page; a
     * bad id gets a 400 page.
     */
    private Answer story(ApiServer.Request request) {
        boolean kbank = "true".equals(request.query().get("kbank"));
        boolean json = "json".equals(request.query().get("format"));
        try {
            Story story = stories(tables(), kbank, json ? Commands.local(stack.apiUrl()) : Commands.localPages(stack.apiUrl()))
                    .of(request.rest());
            return json ? Answer.prettyJson(200, StoryJson.of(story, Pages.SHOP_ZONE)) : Answer.page(200, StoryPage.render(story));
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
        return stack.components().tables().callbackErrorLog().scanAll().stream().map(CallbackError::errorId).collect(Collectors.toSet());
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
