package com.villamarket.payment3.common.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Feeds an event to a stream handler as Lambda does, in this JVM: the one copy of that plumbing the tests share. */
public final class Handlers {

    private Handlers() {
    }

    /** An API function's answer: its status, content type and body. */
    public record ApiAnswer(int status, String contentType, String body) {

        /** The body as JSON (JSON answers). */
        public JsonNode json() {
            return Json.parse(body);
        }
    }

    /** What the handler wrote for this event; its exceptions pass through, as they reach Lambda. */
    public static String invoke(RequestStreamHandler handler, String event) {
        return invoke(handler, event, new TestContext(handler.getClass().getSimpleName()));
    }

    /** As {@link #invoke(RequestStreamHandler, String)}, with this Lambda context (the time it says is left, say). */
    public static String invoke(RequestStreamHandler handler, String event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An API function's proxy answer for this event. */
    public static ApiAnswer api(RequestStreamHandler handler, String event) {
        JsonNode response = Json.parse(invoke(handler, event));
        return new ApiAnswer(response.path("statusCode").asInt(), response.path("headers").path("Content-Type").asText(),
                response.path("body").asText());
    }

    /**
     * An API function's proxy answer for an event as aws-lambda-java-tests loads it ({@code @Event},
     * {@code EventLoader}), handed to the handler as JSON written by the suite's mapper.
     */
    public static ApiAnswer api(RequestStreamHandler handler, APIGatewayProxyRequestEvent event) {
        return api(handler, Json.write(event));
    }

    /** An asynchronous function's answer body for this payload ({@code {"statusCode": 200, "body": …}}). */
    public static String async(RequestStreamHandler handler, String payload) {
        return Json.parse(invoke(handler, payload)).path("body").asText();
    }

    /** A REST API (API Gateway proxy) event: a POST of this body to {@code path}, with its content type and request id. */
    public static String restEvent(String path, String contentType, String body, String requestId) {
        ObjectNode event = Json.object();
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", "POST");
        event.putObject("headers").put("Content-Type", contentType);
        event.putObject("requestContext").put("requestId", requestId);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    /** A sample event of {@code events/}, for example {@code qr-callback/paid.json}. */
    public static String event(String file) {
        return RepoFiles.read("events/" + file);
    }
}
