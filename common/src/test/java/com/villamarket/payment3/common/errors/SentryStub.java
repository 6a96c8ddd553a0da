package com.villamarket.payment3.common.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** Sentry's ingest on loopback: takes the envelopes the SDK posts and keeps them for the test to read. */
final class SentryStub implements AutoCloseable {

    /** One envelope as received: where it was posted, its auth header and its text (unzipped). */
    record Envelope(String path, String auth, String text) {

        /** The event item's payload; fails when the envelope holds no event. */
        JsonNode event() {
            List<String> lines = text.lines().toList();
            for (int i = 1; i + 1 < lines.size(); i++) {
                if ("event".equals(Json.parse(lines.get(i)).path("type").asText())) {
                    return Json.parse(lines.get(i + 1));
                }
            }
            throw new AssertionError("no event item in " + text);
        }
    }

    private final HttpServer server;
    private final List<Envelope> envelopes = new CopyOnWriteArrayList<>();

    SentryStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            String text;
            if (encoding != null && encoding.contains("gzip")) {
                try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    text = new String(unzipped.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                text = new String(body, StandardCharsets.UTF_8);
            }
            envelopes.add(new Envelope(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Sentry-Auth"), text));
            byte[] answer = "{\"id\":\"00000000000000000000000000000000\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** A DSN for project 42 with the key {@code publickey123} on this stub. */
    String dsn() {
        return "http://publickey123@127.0.0.1:" + server.getAddress().getPort() + "/42";
    }

    List<Envelope> envelopes() {
        return new ArrayList<>(envelopes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
