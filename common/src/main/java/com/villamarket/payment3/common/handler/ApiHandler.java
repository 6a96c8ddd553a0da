package com.villamarket.payment3.common.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An API Gateway function: proxy event in (REST or HTTP API, read without the event library), the
 * service's answer out. The service never throws; this class only adapts.
 */
public abstract class ApiHandler implements RequestStreamHandler {

    private final Function<ApiGatewayEvent, ApiGatewayResponse> service;

    protected ApiHandler(Function<ApiGatewayEvent, ApiGatewayResponse> service) {
        this.service = service;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayEvent event = ApiGatewayEvent.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(service.apply(event).toJson().getBytes(StandardCharsets.UTF_8));
    }
}
