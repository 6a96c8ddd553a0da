package com.villamarket.payment3.common.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A function invoked asynchronously: the raw payload in, {@code {"statusCode": 200, "body": …}} out.
 * A failure is logged with the raw payload and thrown, so that Lambda retries twice and then puts
 * the event on the failure destination.
 */
public abstract class AsyncHandler implements RequestStreamHandler {

    private final Function<String, String> service;

    /** @param service takes the raw payload and returns the answer's body */
    protected AsyncHandler(Function<String, String> service) {
        this.service = service;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Log.bindRequest(context == null ? null : context.getAwsRequestId());
        try {
            String body;
            try {
                body = service.apply(raw);
            } catch (RuntimeException e) {
                Log.error("invocation failed; Lambda will retry, then the failure destination holds the event", e,
                        "function", getClass().getSimpleName(), "event", raw);
                throw e;
            }
            output.write(Json.write(Json.object().put("statusCode", 200).put("body", body)).getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.clearRequest();
        }
    }
}
