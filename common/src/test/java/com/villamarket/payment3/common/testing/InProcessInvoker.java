package com.villamarket.payment3.common.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AsyncInvoker} that queues invocations in this JVM, as Lambda queues Event invocations,
 * and runs them when the test says so, each with the function registered under its name.
 */
public final class InProcessInvoker implements AsyncInvoker {

    /** One queued invocation. */
    public record Invocation(String functionName, String payload) {
    }

    private final Map<String, Consumer<String>> functions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Invocation> queue = new ConcurrentLinkedQueue<>();
    private final List<Invocation> all = new CopyOnWriteArrayList<>();

    /** Registers a handler to run for a function name, as Lambda runs it: the payload in, the answer dropped. */
    public InProcessInvoker registerHandler(String functionName, RequestStreamHandler handler) {
        return register(functionName, payload -> {
            try {
                handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), new TestContext(functionName));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Registers what runs for a function name. */
    public InProcessInvoker register(String functionName, Consumer<String> function) {
        functions.put(functionName, function);
        return this;
    }

    @Override
    public void invoke(String functionName, Object payload) {
        Invocation invocation = new Invocation(functionName, Json.write(payload));
        queue.add(invocation);
        all.add(invocation);
    }

    /**
     * Runs queued invocations, and those they queue, until none is left.
     *
     * @return the invocations that threw, with their exceptions' messages
     */
    public List<String> runAll() {
        List<String> failures = new ArrayList<>();
        Invocation next;
        while ((next = queue.poll()) != null) {
            Consumer<String> function = functions.get(next.functionName());
            if (function == null) {
                throw new IllegalStateException("no function registered as " + next.functionName());
            }
            try {
                function.accept(next.payload());
            } catch (RuntimeException e) {
                failures.add(next.functionName() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /**
     * Runs queued invocations as Lambda runs Event invocations: one that fails (an exception, or a
     * {@link Killed} run) is tried again, up to {@code attempts} times in all, then dropped on the
     * failure destination, whose entries this returns.
     *
     * @param beforeRetry runs before the n-th retry (1, 2, …): where a test moves its clock by Lambda's
     *                    delays between attempts (about a minute, then two)
     */
    public List<Invocation> runAllAsLambda(int attempts, IntConsumer beforeRetry) {
        List<Invocation> deadLetters = new ArrayList<>();
        Map<Invocation, Integer> tries = new IdentityHashMap<>();
        Invocation next;
        while ((next = queue.poll()) != null) {
            Consumer<String> function = functions.get(next.functionName());
            if (function == null) {
                throw new IllegalStateException("no function registered as " + next.functionName());
            }
            Integer tried = tries.get(next);
            if (tried != null) {
                beforeRetry.accept(tried);
            }
            try {
                function.accept(next.payload());
            } catch (RuntimeException | Killed e) {
                tried = tries.merge(next, 1, Integer::sum);
                if (tried < attempts) {
                    queue.add(next);
                } else {
                    deadLetters.add(next);
                }
            }
        }
        return deadLetters;
    }

    /** Every invocation ever made, run or not. */
    public List<Invocation> invocations() {
        return List.copyOf(all);
    }

    /** The invocations of one function. */
    public List<Invocation> invocationsOf(String functionName) {
        return all.stream().filter(i -> i.functionName().equals(functionName)).toList();
    }

    public void clear() {
        queue.clear();
        all.clear();
    }
}
