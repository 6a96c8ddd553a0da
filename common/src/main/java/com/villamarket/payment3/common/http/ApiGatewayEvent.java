package com.villamarket.payment3.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An API Gateway proxy event, REST (v1) or HTTP API (v2), read without the event library.
 *
 * @param raw    the complete event as received, JSON; what the error log keeps for replay
 * @param claims the claims of the user an authorizer signed in (Cognito: {@code sub}, …); empty when none
 */
public record ApiGatewayEvent(String raw, String body, boolean base64Encoded, Map<String, String> headers,
        String requestId, Map<String, String> claims) {

    /** The largest body any of the suite's endpoints reads: callbacks and notifications are a few hundred bytes. */
    public static final int MAX_BODY_CHARS = 16_384;

    /** Reads an event; a text that is not a JSON object gives an event with no body. */
    public static ApiGatewayEvent parse(String raw) {
        JsonNode node;
        try {
            node = Json.parse(raw);
        } catch (IllegalArgumentException e) {
            return new ApiGatewayEvent(raw, null, false, Map.of(), null, Map.of());
        }
        if (!node.isObject()) {
            return new ApiGatewayEvent(raw, null, false, Map.of(), null, Map.of());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonNode headerNode = node.get("headers");
        if (headerNode != null && headerNode.isObject()) {
            headerNode.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    headers.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        JsonNode body = node.get("body");
        JsonNode b64 = node.get("isBase64Encoded");
        return new ApiGatewayEvent(raw,
                body == null || body.isNull() ? null : body.asText(),
                b64 != null && (b64.asBoolean(false) || "true".equalsIgnoreCase(b64.asText())),
                headers,
                Json.text(node.path("requestContext"), "requestId"),
                claims(node.path("requestContext").path("authorizer")));
    }

    /** A REST API's Cognito authorizer puts the claims in {@code authorizer.claims}, an HTTP API's in {@code authorizer.jwt.claims}. */
    private static Map<String, String> claims(JsonNode authorizer) {
        JsonNode claims = authorizer.path("claims").isObject() ? authorizer.path("claims") : authorizer.path("jwt").path("claims");
        Map<String, String> out = new TreeMap<>();
        claims.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return Map.copyOf(out);
    }

    /**
     * The body as text: base64-decoded when API Gateway encoded it, UTF-8.
     *
     * @throws IllegalArgumentException when there is no body, it is larger than {@value #MAX_BODY_CHARS}
     *                                  characters, the base64 is invalid or the bytes are not UTF-8
     */
    public String bodyText() {
        if (body == null) {
            throw new IllegalArgumentException("the request has no body");
        }
        // Base64 takes 4 characters for 3 bytes, so the encoded bound is a third larger.
        if (body.length() > (base64Encoded ? MAX_BODY_CHARS / 3 * 4 + 4 : MAX_BODY_CHARS)) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY_CHARS + " characters");
        }
        if (!base64Encoded) {
            return body;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the body is marked base64 but is not valid base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not UTF-8 text");
        }
    }

    /** A header's value, case-insensitively; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
