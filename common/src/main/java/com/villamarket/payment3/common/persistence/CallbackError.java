package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * A failure recorded in the callback error log, with everything needed to replay it.
 *
 * @param errorId      unique id of this entry
 * @param functionName the function that failed, for example {@code qrcallback}
 * @param orderId      the order concerned; null when unknown
 * @param chargeId     the charge concerned; null when unknown
 * @param error        what went wrong, one line
 * @param errorType    the exception's class, or a reason code
 * @param rawEvent     the complete event the function received, JSON
 * @param responseData what the function answered, when it matters, or how it was resolved; null otherwise
 * @param resolved     whether it was replayed successfully or settled by hand
 */
public record CallbackError(String errorId, Instant createdAt, String functionName, String orderId, String chargeId,
        String error, String errorType, String rawEvent, String responseData, boolean resolved) {
}
