package com.villamarket.payment3.common.testing;

import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

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
    private final List<Invocation> all = new java.util.concurrent.CopyOnWriteArrayList<>();

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
