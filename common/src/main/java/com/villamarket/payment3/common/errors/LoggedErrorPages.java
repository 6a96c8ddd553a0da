package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import java.util.Map;

/**
 * Answers a refused or failed browser request: the failure is logged with its raw event through
 * the {@link ErrorLogger}, and the customer gets the escaped error page quoting the log's id. A
 * server error's page never shows internal detail.
 */
public final class LoggedErrorPages {

    private final ErrorLogger errors;
    private final String functionName;
    private final String title;

    public LoggedErrorPages(ErrorLogger errors, String functionName, String title) {
        this.errors = errors;
        this.functionName = functionName;
        this.title = title;
    }

    /**
     * Logs a failure and answers its page, with the status its mode gives ({@link Failures}).
     *
     * @param shown the request's fields as the page shows them (escaped there); values may be null
     */
    public ApiGatewayResponse answer(ApiGatewayEvent event, String orderId, String chargeId, Map<String, String> shown,
            RuntimeException failure) {
        return answer(event.raw(), orderId, chargeId, shown, failure);
    }

    /** As {@link #answer(ApiGatewayEvent, String, String, Map, RuntimeException)}, for an event that may not even parse. */
    public ApiGatewayResponse answer(String rawEvent, String orderId, String chargeId, Map<String, String> shown,
            RuntimeException failure) {
        Failures classified = Failures.classify(failure);
        // A refusal's cause is the sender's, not a fault: Sentry gets a stack trace only for a failure of ours.
        String errorId = errors.log(new ErrorLogger.Failure(functionName, orderId, chargeId, classified.message(),
                classified.code(), rawEvent, null), classified.refusal() ? null : failure);
        return ApiGatewayResponse.html(classified.status(), HtmlPages.error(title, classified.shown(), shown, errorId));
    }
}
