package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ReceivedId;
import java.time.Instant;

/**
 * A failure recorded in the callback error log, with everything needed to replay it. Its order and charge are
 * kept as received ({@link ReceivedId}): a failure is logged whatever the request named, checked or not.
 *
 * @param errorId      unique id of this entry
 * @param functionName the function that failed, for example {@code qrcallback}
 * @param orderId      the order concerned, as received; null when unknown
 * @param chargeId     the charge concerned, as received; null when unknown
 * @param error        what went wrong, one line
 * @param errorType    the exception's class, or a reason code
 * @param rawEvent     the complete event the function received, JSON
 * @param responseData what the function answered, when it matters, or how it was resolved; null otherwise
 * @param resolved     whether it was replayed successfully or settled by hand
 */
public record CallbackError(String errorId, Instant createdAt, String functionName, ReceivedId orderId, ReceivedId chargeId,
        String error, String errorType, String rawEvent, String responseData, boolean resolved) {

    /** Builds a CallbackError as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private String errorId;
        private Instant createdAt;
        private String functionName;
        private ReceivedId orderId;
        private ReceivedId chargeId;
        private String error;
        private String errorType;
        private String rawEvent;
        private String responseData;
        private boolean resolved;

        void errorId(String value) {
            errorId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void functionName(String value) {
            functionName = value;
        }

        void orderId(ReceivedId value) {
            orderId = value;
        }

        void chargeId(ReceivedId value) {
            chargeId = value;
        }

        void error(String value) {
            error = value;
        }

        void errorType(String value) {
            errorType = value;
        }

        void rawEvent(String value) {
            rawEvent = value;
        }

        void responseData(String value) {
            responseData = value;
        }

        void resolved(Boolean value) {
            resolved = Boolean.TRUE.equals(value);
        }

        CallbackError build() {
            return new CallbackError(errorId, createdAt, functionName, orderId, chargeId, error, errorType, rawEvent, responseData, resolved);
        }
    }
}
