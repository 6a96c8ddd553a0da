package com.villamarket.payment3.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.RepoFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventTest {

    @Test
    void readsTheRestApiSampleEvent() {
        ApiGatewayEvent event = ApiGatewayEvent.parse(RepoFiles.read("events/qr-callback/paid.json"));
        assertEquals("req-paid", event.requestId());
        assertEquals("application/x-www-form-urlencoded", event.header("content-type"));
        assertTrue(event.bodyText().startsWith("orderId=002500048744&"));
    }

    @Test
    void decodesABase64Body() {
        ApiGatewayEvent plain = ApiGatewayEvent.parse(RepoFiles.read("events/qr-callback/paid.json"));
        ApiGatewayEvent encoded = ApiGatewayEvent.parse(RepoFiles.read("events/qr-callback/base64.json"));
        assertTrue(encoded.base64Encoded());
        assertEquals(plain.bodyText(), encoded.bodyText());
    }

    @Test
    void readsAnHttpApiV2Event() {
        ApiGatewayEvent event = ApiGatewayEvent.parse("{\"version\":\"2.0\",\"rawPath\":\"/qrcallback\","
                + "\"headers\":{\"content-type\":\"application/x-www-form-urlencoded\"},"
                + "\"requestContext\":{\"requestId\":\"v2id\",\"http\":{\"method\":\"POST\"}},"
                + "\"body\":\"YT0x\",\"isBase64Encoded\":true}");
        assertEquals("a=1", event.bodyText());
        assertEquals("v2id", event.requestId());
    }

    @Test
    void rejectsBase64ThatIsNot() {
        ApiGatewayEvent event = ApiGatewayEvent.parse("{\"body\":\"***not base64***\",\"isBase64Encoded\":true}");
        assertThrows(IllegalArgumentException.class, event::bodyText);
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        ApiGatewayEvent event = ApiGatewayEvent.parse("{\"body\":\"/w==\",\"isBase64Encoded\":true}");
        assertThrows(IllegalArgumentException.class, event::bodyText);
    }

    @Test
    void anEventThatIsNotJsonHasNoBody() {
        ApiGatewayEvent event = ApiGatewayEvent.parse("not json at all");
        assertNull(event.body());
        assertEquals("not json at all", event.raw());
        assertThrows(IllegalArgumentException.class, event::bodyText);
    }

    @Test
    void keepsTheRawEventByteForByteBesideTheTypedOne() {
        String raw = RepoFiles.read("events/qr-callback/paid.json");
        ApiGatewayEvent event = ApiGatewayEvent.parse(raw);
        assertSame(raw, event.raw());
        assertEquals("POST", event.event().getHttpMethod());
        assertEquals("req-paid", event.event().getRequestContext().getRequestId());
    }

    @Test
    void readsTheClaimsOfARestAndAnHttpApiAuthorizer() {
        ApiGatewayEvent rest = ApiGatewayEvent.parse("{\"body\":\"{}\",\"requestContext\":{\"authorizer\":"
                + "{\"claims\":{\"sub\":\"user-1\",\"email_verified\":true,\"groups\":[\"a\"]}}}}");
        assertEquals(Map.of("sub", "user-1", "email_verified", "true"), rest.claims());
        ApiGatewayEvent http = ApiGatewayEvent.parse("{\"version\":\"2.0\",\"requestContext\":{\"authorizer\":"
                + "{\"jwt\":{\"claims\":{\"sub\":\"user-2\"}}}}}");
        assertEquals(Map.of("sub", "user-2"), http.claims());
        assertEquals(Map.of(), ApiGatewayEvent.parse("{\"body\":\"x\"}").claims());
    }

    @Test
    void looksHeadersUpWhateverTheirCase() {
        ApiGatewayEvent event = ApiGatewayEvent.parse("{\"headers\":{\"X-Api-Key\":\"k\",\"n\":null}}");
        assertEquals("k", event.header("x-api-key"));
        assertEquals("k", event.header("X-API-KEY"));
        assertNull(event.header("n"));
    }

    @Test
    void anEventWhoseFieldsHaveTheWrongTypesHasNoBodyAndKeepsItsRawText() {
        for (String raw : java.util.List.of("{\"body\":\"a=1\",\"headers\":{\"h\":{\"nested\":1}}}",
                "{\"body\":\"a=1\",\"requestContext\":{\"requestTimeEpoch\":\"yesterday\"}}",
                "{\"body\":{\"a\":1}}", "[1,2]", "null", "", "{\"body\":\"a=1\"")) {
            ApiGatewayEvent event = ApiGatewayEvent.parse(raw);
            assertNull(event.body(), raw);
            assertEquals(raw, event.raw());
            assertNull(event.requestId(), raw);
            assertThrows(IllegalArgumentException.class, event::bodyText, raw);
        }
    }

    @Test
    void anAnswerIsWrittenAsTheProxyIntegrationReadsIt() {
        String json = ApiResponses.toJson(ApiResponses.json(201, Map.of("amount", new java.math.BigDecimal("6.00"))));
        assertEquals("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"body\":\"{\\\"amount\\\":6.00}\",\"isBase64Encoded\":false}", json);
        com.fasterxml.jackson.databind.JsonNode page = com.villamarket.payment3.common.json.Json.parse(
                ApiResponses.toJson(ApiResponses.html(402, "<p>declined</p>")));
        assertEquals(402, page.path("statusCode").intValue());
        assertEquals("no-store", page.path("headers").path("Cache-Control").textValue());
        assertEquals("<p>declined</p>", page.path("body").textValue());
        assertFalse(page.has("multiValueHeaders"));
    }
}
