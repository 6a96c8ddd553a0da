package com.villamarket.payment3.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.RepoFiles;
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
}
