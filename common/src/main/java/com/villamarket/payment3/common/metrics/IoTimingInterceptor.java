package com.villamarket.payment3.common.metrics;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Adds each AWS SDK call's duration (marshalling and retries included) to {@link IoTime}. */
public final class IoTimingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("payment3.ioStart");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(START, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(START);
        if (start != null) {
            IoTime.add(System.nanoTime() - start);
        }
    }
}
