package com.villamarket.payment3.common.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * An API Gateway function: proxy event in (REST or HTTP API, read without the event library), the
 * service's answer out. Services answer every failure they know themselves; a failure that escapes
 * one anyway is logged here with the raw event and answered with a clean page, never a stack trace.
 */
public abstract class ApiHandler implements RequestStreamHandler {

    private final Function<ApiGatewayEvent, ApiGatewayResponse> service;

    protected ApiHandler(Function<ApiGatewayEvent, ApiGatewayResponse> service) {
        this.service = service;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Log.bindRequest(context == null ? null : context.getAwsRequestId());
        try {
            ApiGatewayResponse response;
            try {
                response = service.apply(ApiGatewayEvent.parse(raw));
            } catch (RuntimeException e) {
                // The last resort: the raw event is in the log, so nothing is lost; the caller sees no detail.
                Log.error("request failed outside its service; raw event follows", e,
                        "function", getClass().getSimpleName(), "event", raw);
                response = ApiGatewayResponse.html(500, HtmlPages.error("Request could not be handled",
                        "the request has been recorded and will be checked", Map.of(), Log.requestId()));
            }
            output.write(response.toJson().getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.clearRequest();
        }
    }
}
