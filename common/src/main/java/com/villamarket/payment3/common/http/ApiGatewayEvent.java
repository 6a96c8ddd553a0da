package com.villamarket.payment3.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.villamarket.payment3.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An API Gateway proxy event, as the events library types it ({@link APIGatewayProxyRequestEvent}, read from
 * the raw text by the suite's one mapper), with the raw text beside it.
 *
 * <p>The template's APIs are REST APIs (payload v1); an HTTP API's v2 event reads too, as far as the suite
 * needs it (body, base64 flag, headers, request id, the authorizer's claims). A text that is not an event
 * (not JSON, not an object, a field of the wrong type) gives an event with no body, never an exception.
 *
 * @param raw     the complete event as received, byte for byte; what the error log keeps for replay
 * @param event   the typed event; read it, never change it
 * @param headers the event's headers, looked up case-insensitively
 * @param claims  the claims of the user an authorizer signed in (Cognito: {@code sub}, …); empty when none
 */
public record ApiGatewayEvent(String raw, APIGatewayProxyRequestEvent event, Map<String, String> headers,
        Map<String, String> claims) {

    /** The largest body any of the suite's endpoints reads: callbacks and notifications are a few hundred bytes. */
    public static final int MAX_BODY_CHARS = 16_384;

    /**
     * The mapper's reader of the events library's type; Jackson builds its deserializer when the reader is made
     * (its eager fetch), which is when this class is initialized: {@link #prepare}.
     */
    private static final ObjectReader READER = Json.MAPPER.readerFor(APIGatewayProxyRequestEvent.class);

    /** Builds the event's reader now rather than on the first event (an API handler's constructor does, in init). */
    public static void prepare() {
        // This class's initialization built READER.
    }

    /** Reads an event; a text that is not an API Gateway event gives an event with no body. */
    public static ApiGatewayEvent parse(String raw) {
        APIGatewayProxyRequestEvent event;
        try {
            event = READER.readValue(raw);
        } catch (JsonProcessingException e) {
            event = null;
        }
        if (event == null) {
            return new ApiGatewayEvent(raw, new APIGatewayProxyRequestEvent(), Map.of(), Map.of());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name, value);
                }
            });
        }
        ProxyRequestContext context = event.getRequestContext();
        return new ApiGatewayEvent(raw, event, Collections.unmodifiableMap(headers),
                claims(context == null ? null : context.getAuthorizer()));
    }

    /** A REST API's Cognito authorizer puts the claims in {@code authorizer.claims}, an HTTP API's in {@code authorizer.jwt.claims}. */
    private static Map<String, String> claims(Map<String, Object> authorizer) {
        if (authorizer == null) {
            return Map.of();
        }
        Object claims = authorizer.get("claims");
        if (!(claims instanceof Map) && authorizer.get("jwt") instanceof Map<?, ?> jwt) {
            claims = jwt.get("claims");
        }
        Map<String, String> out = new TreeMap<>();
        if (claims instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (name != null && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    out.put(name.toString(), value.toString());
                }
            });
        }
        return Map.copyOf(out);
    }

    /** The body as API Gateway passed it (base64 when {@link #base64Encoded()}); null when there is none. */
    public String body() {
        return event.getBody();
    }

    /** Whether API Gateway base64-encoded the body. */
    public boolean base64Encoded() {
        return Boolean.TRUE.equals(event.getIsBase64Encoded());
    }

    /** API Gateway's id of the request; null when the event has none. */
    public String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /**
     * The body as text: base64-decoded when API Gateway encoded it, UTF-8.
     *
     * @throws IllegalArgumentException when there is no body, it is larger than {@value #MAX_BODY_CHARS}
     *                                  characters, the base64 is invalid or the bytes are not UTF-8
     */
    public String bodyText() {
        String body = body();
        boolean base64Encoded = base64Encoded();
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
        return headers.get(name);
    }
}
