package com.villamarket.payment3.common.invoke;

/** Calls a function synchronously and gives back what it answered. */
public interface FunctionCaller {

    /**
     * What a function answered.
     *
     * @param failed  whether the function itself failed (Lambda's FunctionError, or an exception)
     * @param payload the answer, JSON; the error's description when it failed
     */
    record Result(boolean failed, String payload) {
    }

    Result call(String functionName, String payload);
}
