package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.testkit.LoopbackHttpServer;
import com.villamarket.payment3.testkit.TemplateTables.Route;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The API of template.yaml on a loopback port, as API Gateway's REST API serves it: each request
 * becomes the proxy event the function receives on AWS, and the function's answer becomes the HTTP
 * response. {@code GET /_local/dead-letters} shows the failure destination, {@code GET /_local/orders/{id}}
 * the story of an order or a charge.
 */
final class ApiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<Route, Handler> routes;
    private final LocalLambda lambda;
    private final String stage;

    /** A route's function: its name (for the context) and handler. */
    record Handler(String functionName, RequestStreamHandler handler) {
    }

    /** A function called synchronously on a local-only path, with the request body as its event. */
    interface LocalFunction {
        FunctionCaller.Result call(String event);
    }

    private final Map<String, LocalFunction> localFunctions;

    /** The story page of an order or a charge id; {@code kbank} asks KBank's inquiries too. */
    interface StoryPages {
        /** @throws IllegalArgumentException when the id is neither an order's nor a charge's */
        String page(String id, boolean kbank);
    }

    private static final String STORY_PATH = "/_local/orders/";
    private final StoryPages stories;

    /**
     * @param localFunctions local-only paths ({@code /_local/replay}, {@code /_local/reconcile}) to functions
     * @throws java.net.BindException when the port is in use
     */
    ApiServer(int port, Map<Route, Handler> routes, Map<String, LocalFunction> localFunctions, StoryPages stories,
            LocalLambda lambda, String stage) throws IOException {
        this.routes = Map.copyOf(routes);
        this.localFunctions = Map.copyOf(localFunctions);
        this.stories = stories;
        this.lambda = lambda;
        this.stage = stage;
        this.server = LoopbackHttpServer.create(port, 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("GET".equals(method) && "/_local/dead-letters".equals(path)) {
                send(exchange, 200, Map.of("Content-Type", "application/json"), lambda.deadLettersJson().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if ("GET".equals(method) && path.startsWith(STORY_PATH)) {
                story(exchange, path.substring(STORY_PATH.length()));
                return;
            }
            if ("POST".equals(method) && localFunctions.containsKey(path)) {
                // The console's test events: replay and reconcile on demand.
                var result = localFunctions.get(path).call(new String(body, StandardCharsets.UTF_8));
                send(exchange, result.failed() ? 500 : 200, Map.of("Content-Type", "application/json"),
                        result.payload().getBytes(StandardCharsets.UTF_8));
                return;
            }
            Handler handler = routes.get(new Route(method, path));
            if (handler == null) {
                send(exchange, 404, Map.of("Content-Type", "application/json"),
                        "{\"message\":\"no API route for this method and path\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handler().handleRequest(new ByteArrayInputStream(event(exchange, method, path, body)), out,
                        new TestContext(handler.functionName()));
            } catch (Exception e) {
                // What API Gateway answers when the function itself fails.
                Log.error("function failed", e, "function", handler.functionName());
                send(exchange, 502, Map.of("Content-Type", "application/json"),
                        "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            JsonNode response = Json.parse(out.toString(StandardCharsets.UTF_8));
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String text = response.path("body").asText("");
            byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.path("statusCode").asInt(502), headers, bytes);
        }
    }

    private void story(HttpExchange exchange, String id) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        boolean kbank = query != null && List.of(query.split("&")).contains("kbank=true");
        Map<String, String> html = Map.of("Content-Type", "text/html; charset=utf-8");
        try {
            send(exchange, 200, html, stories.page(id, kbank).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, html, ("<!DOCTYPE html>\n<p>" + Html.escape(e.getMessage()) + "</p>\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            Log.error("the story could not be told", e, "id", id);
            send(exchange, 500, html, ("<!DOCTYPE html>\n<p>the story could not be told: "
                    + Html.escape(e.getClass().getSimpleName()) + "</p>\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The REST API (v1) proxy event of a request; a body that is not UTF-8 is passed base64-encoded. */
    private byte[] event(HttpExchange exchange, String method, String path, byte[] body) {
        ObjectNode event = Json.object();
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            values.forEach(multi.putArray(name)::add);
        });
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || query.isEmpty()) {
            event.putNull("queryStringParameters");
        } else {
            ObjectNode params = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        event.putNull("pathParameters");
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", path);
        context.put("httpMethod", method);
        context.put("stage", stage);
        context.put("requestId", UUID.randomUUID().toString());
        context.putObject("identity").put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else {
            try {
                event.put("body", StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
                event.put("isBase64Encoded", false);
            } catch (CharacterCodingException e) {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
        }
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static List<String> describe(Map<Route, Handler> routes) {
        return routes.entrySet().stream()
                .map(e -> e.getKey().method() + " " + e.getKey().path() + " -> " + e.getValue().functionName())
                .sorted().toList();
    }
}
