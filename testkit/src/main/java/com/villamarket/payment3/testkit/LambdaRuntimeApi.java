package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's Runtime API on loopback, as a function's runtime sees it inside a Lambda sandbox: the next
 * event on {@code GET /2018-06-01/runtime/invocation/next} (held until one is queued), its answer on
 * {@code POST …/invocation/{id}/response} or {@code …/error}, and {@code POST …/init/error}. It records
 * when the runtime first asks for an event, which ends Lambda's Init Duration, and for each event the
 * time from handing it over to receiving the answer (Lambda's Duration), the answer and any error.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    /**
     * An error the runtime posted, as Lambda reports it.
     *
     * @param runtimeErrorType the {@code Lambda-Runtime-Function-Error-Type} header: {@code Runtime.UserException}
     *                         for a handler that threw, {@code Runtime.BadFunctionCode} for a handler that could not
     *                         be loaded or built
     */
    public record FunctionError(String errorType, String errorMessage, List<String> stackTrace, String runtimeErrorType) {

        @Override
        public String toString() {
            return runtimeErrorType + " " + errorType + ": " + errorMessage
                    + (stackTrace.isEmpty() ? "" : "\n\tat " + String.join("\n\tat ", stackTrace));
        }
    }

    /** An event to deliver, with the headers Lambda adds only when the caller supplied them. */
    public record Event(byte[] payload, String clientContext, String cognitoIdentity) {

        /** A plain event, as an API Gateway, EventBridge or asynchronous invocation delivers it. */
        public static Event of(String json) {
            return new Event(json.getBytes(StandardCharsets.UTF_8), null, null);
        }
    }

    /**
     * One event and what became of it.
     *
     * @param deliveredNanos {@link System#nanoTime()} when the event was handed to the runtime
     * @param answeredNanos  {@link System#nanoTime()} when its answer or error had arrived
     * @param error          the error the runtime posted instead of an answer; null when it answered
     */
    public record Invocation(String requestId, long deliveredNanos, long answeredNanos, byte[] response, FunctionError error) {

        /** Lambda's Duration: event handed over to answer received. */
        public Duration duration() {
            return Duration.ofNanos(answeredNanos - deliveredNanos);
        }

        public boolean failed() {
            return error != null;
        }

        public String responseText() {
            return response == null ? "" : new String(response, StandardCharsets.UTF_8);
        }

        /** The answer; throws, with the error, when the function posted an error instead. */
        public String responseOrThrow() {
            if (error != null) {
                throw new IllegalStateException("the function posted an error to the runtime API: " + error);
            }
            return responseText();
        }
    }

    /** An event queued and not yet answered. */
    private static final class Pending {
        final String requestId;
        final Event event;
        final CompletableFuture<Invocation> answer = new CompletableFuture<>();
        volatile long deliveredNanos;

        Pending(String requestId, Event event) {
            this.requestId = requestId;
            this.event = event;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<FunctionError> initError = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(String functionArn, Duration timeout) throws IOException {
        this.functionArn = functionArn;
        this.timeout = timeout;
        this.server = LoopbackHttpServer.create(0, 16);
        // The runtime holds GET /next open while it waits: answers must not queue behind it.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /**
     * Starts the API for one function.
     *
     * @param functionArn what {@code Lambda-Runtime-Invoked-Function-Arn} says
     * @param timeout     the function's timeout, which sets each event's {@code Lambda-Runtime-Deadline-Ms}
     */
    public static LambdaRuntimeApi start(String functionArn, Duration timeout) {
        try {
            return new LambdaRuntimeApi(functionArn, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Lambda runtime API", e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the future completes when the runtime has answered it or posted its error. */
    public CompletableFuture<Invocation> submit(Event event) {
        return submit(UUID.randomUUID().toString(), event);
    }

    /** Queues an event under a request id of the caller's. */
    public CompletableFuture<Invocation> submit(String requestId, Event event) {
        Pending pending = new Pending(requestId, event);
        queue.add(pending);
        return pending.answer;
    }

    /** Completes with the {@link System#nanoTime()} at which the runtime first asked for an event. */
    public CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    /** Completes when the runtime reports that the function could not be initialized. */
    public CompletableFuture<FunctionError> initError() {
        return initError;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("GET".equals(method) && path.equals(PREFIX + "invocation/next")) {
                firstNext.complete(arrived);
                next(exchange);
            } else if ("POST".equals(method) && path.equals(PREFIX + "init/error")) {
                initError.complete(error(exchange, body));
                send(exchange, 202, ACCEPTED);
            } else if ("POST".equals(method) && path.startsWith(PREFIX + "invocation/")) {
                answer(exchange, path.substring((PREFIX + "invocation/").length()), body);
            } else {
                send(exchange, 404, error("UnknownEndpoint", method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending pending = null;
        try {
            while (pending == null && !closed) {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            send(exchange, 500, error("ServiceStopped", "the runtime API is closing"));
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        if (pending.event.clientContext() != null) {
            headers.set("Lambda-Runtime-Client-Context", pending.event.clientContext());
        }
        if (pending.event.cognitoIdentity() != null) {
            headers.set("Lambda-Runtime-Cognito-Identity", pending.event.cognitoIdentity());
        }
        inFlight.put(pending.requestId, pending);
        pending.deliveredNanos = System.nanoTime();
        send(exchange, 200, pending.event.payload());
    }

    private void answer(HttpExchange exchange, String rest, byte[] body) throws IOException {
        long answered = System.nanoTime();
        int slash = rest.indexOf('/');
        String requestId = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        if (!action.equals("response") && !action.equals("error")) {
            send(exchange, 404, error("UnknownEndpoint", "POST invocation/" + rest));
            return;
        }
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, error("InvalidRequestID", "Invalid request ID"));
            return;
        }
        FunctionError error = action.equals("error") ? error(exchange, body) : null;
        send(exchange, 202, ACCEPTED);
        pending.answer.complete(new Invocation(requestId, pending.deliveredNanos, answered,
                error == null ? body : null, error));
    }

    private static FunctionError error(HttpExchange exchange, byte[] body) {
        String runtimeType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        try {
            JsonNode node = JSON.readTree(body);
            List<String> stack = new ArrayList<>();
            node.path("stackTrace").forEach(frame -> stack.add(frame.asText()));
            return new FunctionError(node.path("errorType").asText(null), node.path("errorMessage").asText(null),
                    List.copyOf(stack), runtimeType);
        } catch (IOException e) {
            return new FunctionError(null, new String(body, StandardCharsets.UTF_8), List.of(), runtimeType);
        }
    }

    /** An X-Ray trace header, not sampled, as Lambda passes one with every event. */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0", System.currentTimeMillis() / 1000,
                random.nextLong(1L << 48), random.nextLong(1L << 48), random.nextLong() & Long.MAX_VALUE);
    }

    private static byte[] error(String type, String message) {
        return JSON.createObjectNode().put("errorType", type).put("errorMessage", message).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
