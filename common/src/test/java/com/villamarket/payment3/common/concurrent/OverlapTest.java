package com.villamarket.payment3.common.concurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.log.Log;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OverlapTest {

    @AfterEach
    void unbind() {
        Log.clearRequest();
    }

    @Test
    void bothRunAtTheSameTimeAndBothHaveFinishedWhenItReturns() throws InterruptedException {
        CountDownLatch alongsideStarted = new CountDownLatch(1);
        AtomicBoolean hereSawTheOtherRunning = new AtomicBoolean();
        AtomicBoolean alongsideFinished = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);

        Overlap.both(() -> {
            try {
                // Run one after the other, this would wait for ever (the bound fails the test instead).
                hereSawTheOtherRunning.set(alongsideStarted.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            release.countDown();
        }, () -> {
            alongsideStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            alongsideFinished.set(true);
        });

        assertTrue(hereSawTheOtherRunning.get(), "the two overlapped");
        assertTrue(alongsideFinished.get(), "nothing runs on after it returns");
    }

    @Test
    void theOtherThreadsLinesCarryThisRequestsIdAndNothingAfterwards() {
        Log.bindRequest("req-overlap");
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        Overlap.both(() -> { }, () -> {
            seen.set(Log.requestId());
            thread.set(Thread.currentThread());
        });
        assertEquals("req-overlap", seen.get());
        assertNotEquals(Thread.currentThread(), thread.get());

        Log.clearRequest();
        Overlap.both(() -> { }, () -> seen.set(Log.requestId()));
        assertEquals(null, seen.get(), "a request's id does not stay on the background thread");
    }

    @Test
    void thisThreadsFailureWinsWithTheOthersAttachedAndTheOthersAloneIsThrown() {
        IllegalStateException here = new IllegalStateException("here");
        IllegalArgumentException alongside = new IllegalArgumentException("alongside");

        RuntimeException both = assertThrows(RuntimeException.class, () -> Overlap.both(() -> {
            throw here;
        }, () -> {
            throw alongside;
        }));
        assertSame(here, both);
        assertArrayEquals(new Throwable[] {alongside}, both.getSuppressed());

        assertSame(alongside, assertThrows(IllegalArgumentException.class, () -> Overlap.both(() -> { }, () -> {
            throw alongside;
        })));

        AssertionError killed = new AssertionError("an Error passes as itself");
        assertSame(killed, assertThrows(AssertionError.class, () -> Overlap.both(() -> { }, () -> {
            throw killed;
        })));
    }
}
