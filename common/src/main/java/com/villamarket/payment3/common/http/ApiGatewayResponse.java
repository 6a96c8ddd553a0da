package com.villamarket.payment3.common.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.util.Map;

/** What a function answers API Gateway (REST v1 and HTTP API v2 read the same shape). */
public record ApiGatewayResponse(int statusCode, Map<String, String> headers, String body) {

    private static final Map<String, String> HTML_HEADERS = Map.of(
            "Content-Type", "text/html; charset=utf-8",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");

    /** An HTML page. */
    public static ApiGatewayResponse html(int statusCode, String page) {
        return new ApiGatewayResponse(statusCode, HTML_HEADERS, page);
    }

    /** A JSON answer. */
    public static ApiGatewayResponse json(int statusCode, Object body) {
        return new ApiGatewayResponse(statusCode, Map.of("Content-Type", "application/json"), Json.write(body));
    }

    /** The proxy integration's JSON. */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("statusCode", statusCode);
        ObjectNode h = node.putObject("headers");
        headers.forEach(h::put);
        node.put("body", body);
        node.put("isBase64Encoded", false);
        return Json.write(node);
    }
}
