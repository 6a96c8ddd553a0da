package com.villamarket.payment3.common.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A function invoked asynchronously: the raw payload in, {@code {"statusCode": 200, "body": …}} out.
 * A failure is logged with the raw payload, reported to Sentry with its stack trace, and thrown, so
 * that Lambda retries twice and then puts the event on the failure destination.
 */
public abstract class AsyncHandler implements RequestStreamHandler {

    private final SuiteFunction function;
    private final ErrorLogger errors;
    private final BiFunction<String, Context, String> service;

    /**
     * @param function the function this handler is
     * @param errors   the container's error logger, for Sentry
     * @param service  takes the raw payload and returns the answer's body
     */
    protected AsyncHandler(SuiteFunction function, ErrorLogger errors, Function<String, String> service) {
        this(function, errors, (raw, context) -> service.apply(raw));
    }

    /**
     * As above, for a service that needs Lambda's context (the time left to the invocation's timeout).
     *
     * @param service takes the raw payload and the context (null outside Lambda) and returns the answer's body
     */
    protected AsyncHandler(SuiteFunction function, ErrorLogger errors, BiFunction<String, Context, String> service) {
        // Every payload is read and every answer written by the mapper: it is built here, in init, not on the first event.
        Json.mapper();
        this.function = function;
        this.errors = errors;
        this.service = service;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Log.bindRequest(context == null ? null : context.getAwsRequestId());
        try {
            String body;
            try {
                body = service.apply(raw, context);
            } catch (RuntimeException e) {
                Log.error("invocation failed; Lambda will retry, then the failure destination holds the event", e,
                        "function", getClass().getSimpleName(), "event", raw);
                errors.reportAsyncFailure(function.stem(), e);
                throw e;
            }
            output.write(Json.write(Json.object().put("statusCode", 200).put("body", body)).getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.clearRequest();
        }
    }
}
