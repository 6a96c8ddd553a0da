package com.villamarket.payment3.common.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.LoggedErrorPages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * An API Gateway function: proxy event in (REST or HTTP API, read by the events library), the
 * service's answer out. Services answer every failure they know themselves; a failure that escapes
 * one anyway (a bug) is the last resort's: its raw event goes to the log at once, then to the callback
 * error log through the {@link ErrorLogger} (so it is alarmed, e-mailed, sent to Sentry and can be
 * replayed once fixed), and the caller gets a clean page quoting the entry's id, never a stack trace.
 */
public abstract class ApiHandler implements RequestStreamHandler {

    private static final String TITLE = "Request could not be handled";

    private final Function<ApiGatewayEvent, APIGatewayProxyResponseEvent> service;
    private final LoggedErrorPages lastResort;

    /**
     * @param function the function this handler is, whose name its error log entries carry
     * @param errors   the container's error logger
     */
    protected ApiHandler(SuiteFunction function, ErrorLogger errors, Function<ApiGatewayEvent, APIGatewayProxyResponseEvent> service) {
        // Every event is read and every answer written by the mapper: their reader and writer, and Jackson's
        // deserializer and serializer of the events library's types, are built here, in init, not on the first event.
        ApiGatewayEvent.prepare();
        ApiResponses.prepare();
        this.service = service;
        this.lastResort = new LoggedErrorPages(errors, function.errorLogName(), TITLE);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Log.bindRequest(context == null ? null : context.getAwsRequestId());
        try {
            APIGatewayProxyResponseEvent response;
            try {
                response = service.apply(ApiGatewayEvent.parse(raw));
            } catch (RuntimeException e) {
                response = lastResort(raw, e);
            } catch (Error e) {
                // A class that would not load or initialize, a stack overflow, memory: the raw event goes to the
                // log while it still can, and the runtime gets the error (Lambda's error alarm counts it).
                Log.error("request failed with an error of the JVM; raw event follows", e,
                        "function", getClass().getSimpleName(), "event", raw);
                throw e;
            }
            output.write(ApiResponses.toJson(response).getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.clearRequest();
        }
    }

    private APIGatewayProxyResponseEvent lastResort(String raw, RuntimeException e) {
        // First the log, which nothing can fail to write: a kill during the error log's writes loses nothing.
        Log.error("request failed outside its service; raw event follows", e,
                "function", getClass().getSimpleName(), "event", raw);
        try {
            return lastResort.answer(raw, null, null, Map.of(), e);
        } catch (RuntimeException | LinkageError again) {
            Log.error("the last resort could not log the failure; the raw event is in the line before", again);
            return ApiResponses.html(500, HtmlPages.error(TITLE,
                    "the request has been recorded and will be checked", Map.of(), Log.requestId()));
        }
    }
}
