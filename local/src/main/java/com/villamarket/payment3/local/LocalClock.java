package com.villamarket.payment3.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The local functions' clock: the real time, moved forward on request, so that reconciliation's minimum
 * age, leases and other waits can be tried without waiting ({@code POST /_local/reconcile?minutesLater=20}).
 * It never moves back.
 */
final class LocalClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the local clock only moves forward");
        }
        ahead = ahead.plus(by);
    }

    /** How far ahead of the real time the functions are. */
    Duration ahead() {
        return ahead;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
