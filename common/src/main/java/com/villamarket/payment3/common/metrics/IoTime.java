package com.villamarket.payment3.common.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Time this process spent waiting on KBank and AWS calls, in nanoseconds, so that a benchmark can
 * tell the handler's own time from its I/O. Costs two {@code nanoTime} calls per call.
 */
public final class IoTime {

    private static final AtomicLong NANOS = new AtomicLong();

    private IoTime() {
    }

    /** Adds one call's duration. */
    public static void add(long nanos) {
        NANOS.addAndGet(nanos);
    }

    /** All I/O time so far. */
    public static long total() {
        return NANOS.get();
    }
}
