package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous invocations in this process, with Lambda's semantics for invocation type Event: the
 * call is accepted and queued, the function runs later, an error is retried twice, and an event
 * that failed three times goes to the failure destination (here a list, shown on
 * {@code GET /_local/dead-letters}).
 */
final class LocalLambda implements AsyncInvoker, AutoCloseable {

    /** An event that failed every attempt. */
    record DeadLetter(String functionName, String payload, String error, int attempts, String failedAt) {
    }

    private static final int ATTEMPTS = 3;

    private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
    private final AtomicInteger pending = new AtomicInteger();
    private final Duration retryDelay;
    private final Clock clock;

    /** @param retryDelay wait before the first retry, doubled before the second (Lambda waits 1 and 2 minutes) */
    LocalLambda(Duration retryDelay, Clock clock) {
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    void register(String functionName, RequestStreamHandler handler) {
        functions.put(functionName, handler);
    }

    @Override
    public void invoke(String functionName, Object payload) {
        RequestStreamHandler handler = functions.get(functionName);
        if (handler == null) {
            // What Lambda's Invoke API answers for a name it does not know.
            throw new InvocationException("Function not found: " + functionName, null);
        }
        String json = Json.write(payload);
        pending.incrementAndGet();
        workers.execute(() -> attempt(functionName, handler, json, 1));
        Log.info("queued asynchronous invocation", "function", functionName);
    }

    private void attempt(String functionName, RequestStreamHandler handler, String payload, int attempt) {
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(functionName));
            pending.decrementAndGet();
        } catch (Exception e) {
            if (attempt < ATTEMPTS) {
                long delay = retryDelay.toMillis() << (attempt - 1);
                Log.warn("asynchronous invocation failed; retrying", "function", functionName, "attempt", attempt,
                        "retryInMs", delay, "error", e.getMessage());
                workers.schedule(() -> attempt(functionName, handler, payload, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } else {
                deadLetters.add(new DeadLetter(functionName, payload, e.getClass().getName() + ": " + e.getMessage(),
                        attempt, clock.instant().toString()));
                pending.decrementAndGet();
                Log.error("asynchronous invocation failed " + ATTEMPTS + " times; put on the failure destination", e,
                        "function", functionName, "payload", payload);
            }
        }
    }

    /** Waits until no invocation is queued, running or waiting for a retry; false if the time ran out. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The dead letters as JSON, for {@code GET /_local/dead-letters}. */
    String deadLettersJson() {
        ArrayNode array = Json.mapper().createArrayNode();
        for (DeadLetter letter : deadLetters) {
            ObjectNode node = array.addObject();
            node.put("functionName", letter.functionName());
            node.set("payload", Json.parse(letter.payload()));
            node.put("error", letter.error());
            node.put("attempts", letter.attempts());
            node.put("failedAt", letter.failedAt());
        }
        return Json.write(array);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
