package com.villamarket.payment3.common.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The API handler's last resort: a failure that escapes a service is logged with the raw event and answered cleanly. */
class ApiHandlerTest {

    private static final class Failing extends ApiHandler {
        Failing() {
            super(event -> {
                throw new IllegalStateException("a bug in the service <script>");
            });
        }
    }

    private static final class Answering extends ApiHandler {
        Answering() {
            super(event -> ApiGatewayResponse.json(200, Json.object().put("body", event.body())));
        }
    }

    private static String run(ApiHandler handler, String event, ByteArrayOutputStream log) throws IOException {
        PrintStream before = Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext("api-handler-test"));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            Log.redirect(before);
        }
    }

    @Test
    void aFailureOutsideTheServiceIsLoggedWithTheRawEventAndAnsweredWithACleanPage() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JsonNode response = Json.parse(run(new Failing(), "{\"body\":\"orderId=1\"}", log));

        assertEquals(500, response.path("statusCode").asInt());
        String page = response.path("body").asText();
        assertFalse(page.contains("IllegalStateException"), page);
        assertFalse(page.contains("<script>"), page);
        String lines = log.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("orderId=1"), "the raw event is in the log: " + lines);
        assertTrue(lines.contains("\"requestId\""), "the line carries Lambda's request id: " + lines);
    }

    @Test
    void everyLineOfARequestCarriesLambdasRequestIdAndNoneAfterIt() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ApiHandler handler = new ApiHandler(event -> {
            Log.info("inside");
            return ApiGatewayResponse.json(200, Json.object());
        }) { };
        run(handler, "{}", log);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("\"requestId\""));
        assertEquals(null, Log.requestId(), "unbound once the request is answered");
        assertEquals(200, Json.parse(run(new Answering(), "{\"body\":\"x\"}", new ByteArrayOutputStream()))
                .path("statusCode").asInt());
    }
}
