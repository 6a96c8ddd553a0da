package com.villamarket.payment3.common.concurrent;

import com.villamarket.payment3.common.log.Log;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs two independent calls at the same time, so that a browser waits for the longer of two round trips
 * instead of their sum: one in the calling thread, the other on the container's one background thread
 * (a daemon, made on first use). Both have finished, or failed, when {@link #both} returns: nothing runs on
 * after a handler answers, when Lambda may freeze the container.
 *
 * <p>A kill of the process stops both, as it stops one: each of the two must be safe to lose on its own.
 */
public final class Overlap {

    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "payment3-overlap");
        thread.setDaemon(true);
        return thread;
    });

    private Overlap() {
    }

    /**
     * Runs {@code here} in this thread while {@code alongside} runs on the background thread (with this
     * thread's request id on its log lines), and waits for both.
     *
     * @throws RuntimeException or Error: {@code here}'s failure, with {@code alongside}'s attached as suppressed;
     *                          else {@code alongside}'s
     */
    public static void both(Runnable here, Runnable alongside) {
        String requestId = Log.requestId();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            Log.bindRequest(requestId);
            try {
                alongside.run();
            } finally {
                Log.clearRequest();
            }
        }, BACKGROUND);
        Throwable failed = null;
        try {
            here.run();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        Throwable otherFailed = awaitQuietly(other);
        if (failed == null) {
            failed = otherFailed;
        } else if (otherFailed != null) {
            failed.addSuppressed(otherFailed);
        }
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    /** Waits for {@code task} however long it takes (its calls are bounded by their own timeouts); its failure. */
    private static Throwable awaitQuietly(CompletableFuture<Void> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
