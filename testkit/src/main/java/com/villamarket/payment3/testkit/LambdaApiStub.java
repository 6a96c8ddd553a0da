package com.villamarket.payment3.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Lambda Invoke API on loopback, for a packaged function whose SDK client is pointed here with
 * {@code AWS_ENDPOINT_URL_LAMBDA}: records every invocation and accepts it as an Event (202).
 */
public final class LambdaApiStub implements AutoCloseable {

    /** One invocation as received. */
    public record Invocation(String functionName, String invocationType, String payload) {
    }

    private final HttpServer server;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

    private LambdaApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/2015-03-31/functions/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String name = path.substring("/2015-03-31/functions/".length(), path.lastIndexOf("/invocations"));
                invocations.add(new Invocation(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(202, -1);
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

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
