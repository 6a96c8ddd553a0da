package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.testkit.LoopbackHttpServer;
import com.villamarket.payment3.testkit.TemplateTables.Route;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * The API of template.yaml on a loopback port, as API Gateway's REST API serves it: each request
 * becomes the proxy event the function receives on AWS, and the function's answer becomes the HTTP
 * response. Beside it, the local stack's own endpoints under {@code /_local/}, which answer plain JSON
 * (or a page) and a 400 with a reason for a request they cannot take.
 */
final class ApiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<Route, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, LocalEndpoint> local = new ConcurrentHashMap<>();
    private final String stage;

    /** A route's function: its name (for the context) and handler. */
    record Handler(String functionName, RequestStreamHandler handler) {
    }

    /**
     * A request to a local endpoint: the path's rest after the endpoint's prefix, the query's fields, the body,
     * and the Accept header ("" when none).
     */
    record Request(String rest, Map<String, String> query, String body, String accept) {

        Request(String rest, Map<String, String> query, String body) {
            this(rest, query, body, "");
        }

        /**
         * Whether the caller wants a page: {@code ?format=html}, or a browser's Accept ({@code text/html}) without
         * {@code ?format=json}. Tools (curl, scripts) get JSON.
         */
        boolean wantsPage() {
            String format = query.get("format");
            if (format != null) {
                return "html".equals(format);
            }
            return accept.toLowerCase(Locale.ROOT).contains("text/html");
        }
    }

    /** A local endpoint's answer. */
    record Answer(int status, String contentType, String body) {

        static Answer json(int status, JsonNode body) {
            return new Answer(status, "application/json", Json.write(body));
        }

        /** JSON indented for a person reading it in a terminal. */
        static Answer prettyJson(int status, JsonNode body) {
            try {
                return new Answer(status, "application/json", Json.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(body) + "\n");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return json(status, body);
            }
        }

        static Answer page(int status, String html) {
            return new Answer(status, "text/html; charset=utf-8", html);
        }

        /** A request the endpoint cannot take: 400 and why. */
        static Answer badRequest(String reason) {
            return json(400, Json.object().put("error", reason));
        }
    }

    /** One of the stack's own endpoints; an IllegalArgumentException it throws is answered 400 with its message. */
    interface LocalEndpoint {
        Answer handle(Request request) throws IOException;
    }

    /**
     * Listens at once; routes and local endpoints are added afterwards.
     *
     * @throws java.net.BindException when the port is in use
     */
    ApiServer(int port, String stage) throws IOException {
        this.stage = stage;
        this.server = LoopbackHttpServer.create(port, 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** An API event of template.yaml. */
    void route(Route route, Handler handler) {
        routes.put(route, handler);
    }

    /**
     * A local endpoint for {@code method} and {@code path}; a path ending in {@code /} takes every path under
     * it, the rest given to the endpoint ({@code GET /_local/orders/} serves {@code /_local/orders/0025…}).
     */
    void local(String method, String path, LocalEndpoint endpoint) {
        local.put(method + " " + path, endpoint);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/_local/")) {
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                Answer answer = local(method, path, exchange.getRequestURI().getRawQuery(), body, accept == null ? "" : accept);
                send(exchange, answer.status(), Map.of("Content-Type", answer.contentType()),
                        answer.body().getBytes(StandardCharsets.UTF_8));
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
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String text = response.path("body").asText("");
            byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.path("statusCode").asInt(502), headers, bytes);
        }
    }

    private Answer local(String method, String path, String query, byte[] body, String accept) {
        LocalEndpoint endpoint = local.get(method + " " + path);
        String rest = "";
        if (endpoint == null) {
            for (Map.Entry<String, LocalEndpoint> e : local.entrySet()) {
                String prefix = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                if (prefix.endsWith("/") && e.getKey().startsWith(method + " ") && path.startsWith(prefix)) {
                    endpoint = e.getValue();
                    rest = path.substring(prefix.length());
                }
            }
        }
        if (endpoint == null) {
            return Answer.json(404, Json.object().put("error", "no local endpoint " + method + " " + path)
                    .put("endpoints", String.join(", ", new TreeSet<>(local.keySet()))));
        }
        try {
            return endpoint.handle(new Request(rest, UrlEncoded.parse(query), new String(body, StandardCharsets.UTF_8), accept));
        } catch (IllegalArgumentException e) {
            return Answer.badRequest(e.getMessage());
        } catch (Exception e) {
            Log.error("local endpoint failed", e, "path", path);
            return Answer.json(500, Json.object().put("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
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
        Map<String, String> query = UrlEncoded.parse(exchange.getRequestURI().getRawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
        } else {
            ObjectNode params = event.putObject("queryStringParameters");
            query.forEach(params::put);
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

    /** What listens where: the API's routes, then the local endpoints. */
    List<String> describe() {
        List<String> lines = new ArrayList<>(routes.entrySet().stream()
                .map(e -> e.getKey().method() + " " + e.getKey().path() + " -> " + e.getValue().functionName())
                .sorted().toList());
        new TreeSet<>(local.keySet()).forEach(endpoint -> lines.add(endpoint + " (local)"));
        return lines;
    }
}
