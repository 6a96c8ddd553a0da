package com.villamarket.payment3.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Lambda Invoke API on loopback, for a packaged function whose SDK client is pointed here with
 * {@code AWS_ENDPOINT_URL_LAMBDA}: records every invocation; accepts an Event invocation (202) and answers
 * a RequestResponse one (200) with the payload set for its function, {@code {}} when none was.
 */
public final class LambdaApiStub implements AutoCloseable {

    /** One invocation as received. */
    public record Invocation(String functionName, String invocationType, String payload) {
    }

    private final HttpServer server;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    private LambdaApiStub() throws IOException {
        server = LoopbackHttpServer.create(0, 16);
        server.createContext("/2015-03-31/functions/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String name = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(),
                        path.lastIndexOf("/invocations")), StandardCharsets.UTF_8);
                String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
                invocations.add(new Invocation(name, type,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                if ("Event".equals(type)) {
                    exchange.sendResponseHeaders(202, -1);
                    return;
                }
                byte[] answer = answers.getOrDefault(name, "{}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        server.start();
    }

    public static LambdaApiStub start() {
        try {
            return new LambdaApiStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What a RequestResponse invocation of a function answers from now on. */
    public void answer(String functionName, String payload) {
        answers.put(functionName, payload);
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
