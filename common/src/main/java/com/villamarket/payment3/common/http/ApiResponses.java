package com.villamarket.payment3.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.villamarket.payment3.common.json.Json;
import java.util.Map;

/**
 * What a function answers API Gateway: the events library's {@link APIGatewayProxyResponseEvent}, written by
 * the suite's one mapper (REST v1 and HTTP API v2 read the same shape; the mapper leaves its unset fields out).
 */
public final class ApiResponses {

    private static final Map<String, String> HTML_HEADERS = Map.of(
            "Content-Type", "text/html; charset=utf-8",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    /** The mapper's writer of answers, its serializer built with it (Jackson's eager fetch) when this class is initialized. */
    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(APIGatewayProxyResponseEvent.class);

    private ApiResponses() {
    }

    /** Builds the answers' writer now rather than on the first answer (an API handler's constructor does, in init). */
    public static void prepare() {
        // This class's initialization built WRITER.
    }

    /** An HTML page. */
    public static APIGatewayProxyResponseEvent html(int statusCode, String page) {
        return answer(statusCode, HTML_HEADERS, page);
    }

    /** A JSON answer: the body is the value as the mapper writes it. */
    public static APIGatewayProxyResponseEvent json(int statusCode, Object body) {
        return answer(statusCode, JSON_HEADERS, Json.write(body));
    }

    /** The proxy integration's JSON of an answer. */
    public static String toJson(APIGatewayProxyResponseEvent response) {
        return Json.write(WRITER, response);
    }

    private static APIGatewayProxyResponseEvent answer(int statusCode, Map<String, String> headers, String body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(statusCode)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false);
    }
}
