package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.SuiteException;
import java.util.Optional;

/** Starts another function asynchronously (Lambda invocation type Event). */
public interface AsyncInvoker {

    /**
     * Queues one invocation of a function with a JSON payload.
     *
     * @param payload a value Jackson can write
     * @throws InvocationException when the invocation was not accepted
     */
    void invoke(String functionName, Object payload);

    /**
     * Queues one invocation of a function that is not this suite's (the shop's Pay function): with the
     * qualifier given, never the suite's own alias.
     *
     * @param qualifier the version or alias to invoke; empty for the unqualified function
     * @throws InvocationException when the invocation was not accepted
     */
    default void invokeOther(String functionName, Optional<String> qualifier, Object payload) {
        invoke(qualifier.map(q -> functionName + ":" + q).orElse(functionName), payload);
    }

    /** An asynchronous invocation was not accepted. */
    final class InvocationException extends SuiteException.Unavailable {
        private static final long serialVersionUID = 1L;

        public InvocationException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.AWS_UNAVAILABLE;
        }
    }
}
