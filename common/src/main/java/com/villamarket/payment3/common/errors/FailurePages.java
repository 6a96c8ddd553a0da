package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import java.util.Map;

/**
 * Answers a refused or failed browser request: the failure is logged with its raw event through
 * the {@link ErrorLogger}, and the customer gets the escaped error page quoting the log's id. A 503
 * page never shows internal detail.
 */
public final class FailurePages {

    private final ErrorLogger errors;
    private final String functionName;
    private final String title;

    public FailurePages(ErrorLogger errors, String functionName, String title) {
        this.errors = errors;
        this.functionName = functionName;
        this.title = title;
    }

    /**
     * Logs and answers.
     *
     * @param shown  the request's fields as the page shows them (escaped there); values may be null
     * @param status 4xx for a refusal whose message is safe to show, 503 for a failure of ours or KBank's
     */
    public ApiGatewayResponse answer(ApiGatewayEvent event, String orderId, String chargeId, Map<String, String> shown,
            String errorType, String message, int status) {
        return answer(event, orderId, chargeId, shown, errorType, message, status, null);
    }

    /**
     * Logs and answers a failure caused by an exception, whose type and stack trace go to Sentry
     * (never to the page).
     *
     * @param cause the exception behind the failure; null for a refusal
     */
    public ApiGatewayResponse answer(ApiGatewayEvent event, String orderId, String chargeId, Map<String, String> shown,
            String errorType, String message, int status, Throwable cause) {
        String errorId = errors.log(new ErrorLogger.Failure(functionName, orderId, chargeId, message, errorType,
                event.raw(), null), cause);
        String reason = status >= 500
                ? "the payment could not be confirmed right now; it has been recorded and will be checked"
                : message;
        return ApiGatewayResponse.html(status, HtmlPages.error(title, reason, shown, errorId));
    }
}
