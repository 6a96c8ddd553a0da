package com.villamarket.payment3.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.testing.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line is one JSON object that Lambda's JSON log format can filter by level and time. */
class LogTest {

    @Test
    void everyLineCarriesAnRfc3339TimestampTheLevelAndTheRequestIdOfItsRequest() {
        List<JsonNode> lines = capture(() -> {
            Log.bindRequest("8f507cfc-xmpl-4697-b07a-ac58fc914c95");
            try {
                Log.warn("paid twice", "orderId", "002500048744", "chargeId", "chrg_test_1");
            } finally {
                Log.clearRequest();
            }
            Log.info("outside a request");
        });
        JsonNode line = lines.get(0);
        assertEquals("WARN", line.path("level").asText());
        assertEquals("paid twice", line.path("message").asText());
        assertEquals("8f507cfc-xmpl-4697-b07a-ac58fc914c95", line.path("requestId").asText());
        assertEquals("002500048744", line.path("orderId").asText());
        Instant written = Instant.parse(line.path("timestamp").asText());
        assertTrue(Duration.between(written, Instant.now()).abs().toSeconds() < 60);
        assertFalse(lines.get(1).has("requestId"), "no request, no request id");
    }

    @Test
    void aValueWithNewLinesStaysInsideItsLine() {
        List<JsonNode> lines = capture(() -> Log.error("refused", null, "orderId", "1\n{\"level\":\"INFO\",\"message\":\"forged\"}"));
        assertEquals(1, lines.size());
        assertEquals("ERROR", lines.get(0).path("level").asText());
    }

    @Test
    void structuredFieldsKeepTheirJsonTypes() {
        List<JsonNode> lines = capture(() -> Log.structured("INFO", "metrics", Json.object().put("CallbackErrors", 1)));
        assertTrue(lines.get(0).path("CallbackErrors").isNumber());
        assertTrue(lines.get(0).has("timestamp"));
    }

    private static List<JsonNode> capture(Runnable writes) {
        CapturedLog log = CapturedLog.start();
        try (log) {
            writes.run();
        }
        return log.text().lines().map(Json::parse).toList();
    }
}
