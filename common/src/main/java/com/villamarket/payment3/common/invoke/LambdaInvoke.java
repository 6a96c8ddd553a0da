package com.villamarket.payment3.common.invoke;

import java.util.Optional;

/** Lambda's Invoke API, as far as the suite uses it: one payload to one function, of either invocation type. */
public interface LambdaInvoke {

    /** Lambda's invocation types, named as the API names them. */
    enum Type {
        /** Queued, answered 202 at once. */
        EVENT("Event"),
        /** Run now, answered with the function's own answer. */
        REQUEST_RESPONSE("RequestResponse");

        private final String header;

        Type(String header) {
            this.header = header;
        }

        /** The value of the {@code X-Amz-Invocation-Type} header. */
        public String header() {
            return header;
        }
    }

    /**
     * One invocation.
     *
     * @param qualifier the version or alias to invoke; empty for {@code $LATEST}
     * @param payload   the event, JSON
     */
    record Request(String functionName, Optional<String> qualifier, Type type, String payload) {
    }

    /**
     * What the Invoke API answered.
     *
     * @param status        202 for an accepted Event invocation, 200 for a RequestResponse one
     * @param functionError Lambda's {@code X-Amz-Function-Error}, present when the function itself failed
     * @param payload       the function's answer (RequestResponse), or its error's description
     */
    record Response(int status, Optional<String> functionError, String payload) {
    }

    /**
     * Invokes a function.
     *
     * @throws RuntimeException when Lambda refuses the invocation or cannot be reached (the AWS SDK's exceptions)
     */
    Response invoke(Request request);
}
