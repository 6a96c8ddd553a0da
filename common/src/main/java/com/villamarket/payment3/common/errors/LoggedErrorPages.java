package com.villamarket.payment3.common.errors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.ReceivedId;
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
     * Logs a failure and answers its page, with the status its mode gives ({@link Failure}); a payment KBank has
     * not settled yet is answered with the page that says it is being confirmed.
     *
     * @param orderId  the order the request named, as received; null when none
     * @param chargeId the charge the request named, as received; null when none
     * @param shown    the request's fields as the page shows them (escaped there); values may be null
     */
    public APIGatewayProxyResponseEvent answer(ApiGatewayEvent event, ReceivedId orderId, ReceivedId chargeId, Map<String, String> shown,
            Throwable failure) {
        return answer(event.raw(), orderId, chargeId, shown, failure);
    }

    /** As {@link #answer(ApiGatewayEvent, ReceivedId, ReceivedId, Map, Throwable)}, for an event that may not even parse. */
    public APIGatewayProxyResponseEvent answer(String rawEvent, ReceivedId orderId, ReceivedId chargeId, Map<String, String> shown,
            Throwable failure) {
        ErrorLogger.Logged logged = errors.log(functionName, orderId, chargeId, rawEvent, failure);
        Failure classified = logged.failure();
        if (classified.kind() == FailureKind.PENDING) {
            return ApiResponses.html(classified.status(), HtmlPages.pending(shown));
        }
        return ApiResponses.html(classified.status(), HtmlPages.error(title, classified.shown(), shown,
                logged.errorId()));
    }
}
