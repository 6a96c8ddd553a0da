package com.villamarket.payment3.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The AWS APIs a function run under Lambda's runtime interface client calls, on one loopback port that
 * {@code AWS_ENDPOINT_URL_LAMBDA}, {@code AWS_ENDPOINT_URL_SES} and {@code AWS_ENDPOINT_URL_SNS} name:
 * Lambda's Invoke ({@code Event}: queued on the local stack's asynchronous invoker with Lambda's retries;
 * {@code RequestResponse}: run at once and answered, a function error flagged as Lambda flags it), SES's
 * {@code SendEmail} and SNS's {@code Publish} (both the Query protocol; written to the outbox). Signatures
 * are not checked: only this machine can reach the port.
 */
final class LocalAwsApi implements AutoCloseable {

    private static final String INVOCATIONS = "/2015-03-31/functions/";

    private final HttpServer server;
    private final AsyncInvoker events;
    private final BiFunction<String, String, FunctionCaller.Result> calls;
    private final Outbox outbox;

    /**
     * @param events the asynchronous invoker an {@code Event} invocation is queued on
     * @param calls  runs a function at once, by name, for a {@code RequestResponse} invocation
     */
    private LocalAwsApi(AsyncInvoker events, BiFunction<String, String, FunctionCaller.Result> calls, Outbox outbox)
            throws IOException {
        this.events = events;
        this.calls = calls;
        this.outbox = outbox;
        this.server = LoopbackHttpServer.create(0, 32);
        server.createContext(INVOCATIONS, this::invoke);
        server.createContext("/", this::query);
        server.start();
    }

    static LocalAwsApi start(AsyncInvoker events, BiFunction<String, String, FunctionCaller.Result> calls, Outbox outbox) {
        try {
            return new LocalAwsApi(events, calls, outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local AWS APIs", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The variables that point a function's AWS clients here. */
    Map<String, String> environment() {
        String url = endpoint().toString();
        return Map.of("AWS_ENDPOINT_URL_LAMBDA", url, "AWS_ENDPOINT_URL_SES", url, "AWS_ENDPOINT_URL_SNS", url);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code POST /2015-03-31/functions/{name}/invocations}, the qualifier (an alias) ignored. */
    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/invocations")) {
                error(exchange, 404, "UnknownOperationException", "only Invoke is served here");
                return;
            }
            String name = URLDecoder.decode(path.substring(INVOCATIONS.length(), path.length() - "/invocations".length()),
                    StandardCharsets.UTF_8);
            // A function may be named by ARN; its name is the seventh field.
            String[] arn = name.split(":");
            if (arn.length >= 7 && "function".equals(arn[5])) {
                name = arn[6];
            }
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            try {
                if ("Event".equals(type)) {
                    events.invoke(name, Json.parse(payload.isEmpty() ? "{}" : payload));
                    send(exchange, 202, "application/json", "");
                    return;
                }
                FunctionCaller.Result result = calls.apply(name, payload);
                if (result.failed()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                }
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
                send(exchange, 200, "application/json", result.payload());
            } catch (IllegalArgumentException | AsyncInvoker.InvocationException e) {
                error(exchange, 404, "ResourceNotFoundException", e.getMessage());
            }
        }
    }

    /** SES {@code SendEmail} and SNS {@code Publish}, form-encoded as the Query protocol sends them. */
    private void query(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = UrlEncoded.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "");
            String messageId = UUID.randomUUID().toString();
            switch (action) {
                case "SendEmail" -> {
                    List<String> to = new ArrayList<>();
                    for (int i = 1; form.containsKey("Destination.ToAddresses.member." + i); i++) {
                        to.add(form.get("Destination.ToAddresses.member." + i));
                    }
                    outbox.send(to, form.getOrDefault("Message.Subject.Data", ""), form.getOrDefault("Message.Body.Text.Data", ""));
                    send(exchange, 200, "text/xml", queryResponse("SendEmail", "http://ses.amazonaws.com/doc/2010-12-01/", messageId));
                }
                case "Publish" -> {
                    outbox.publish(form.getOrDefault("Message", ""));
                    send(exchange, 200, "text/xml", queryResponse("Publish", "http://sns.amazonaws.com/doc/2010-03-31/", messageId));
                }
                default -> send(exchange, 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                        + "<Message>" + Html.escape("not served locally: " + action) + "</Message></Error></ErrorResponse>");
            }
        }
    }

    private static String queryResponse(String action, String namespace, String messageId) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result><MessageId>" + messageId
                + "</MessageId></" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, "application/json", Json.write(Json.object().put("Type", "User").put("message", message)));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
