package com.villamarket.payment3.common.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.testkit.TemplateTables;
import com.villamarket.payment3.testkit.TemplateTables.FunctionDef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every function of template.yaml built as production builds it ({@link com.villamarket.payment3.common.wiring.Components#handler}),
 * each over its own parts and role ({@link TestComponents#as}, as each has its own container and role on AWS), and
 * registered under its name with the in-process invoker, so that the invocations one function queues run the next:
 * the one wiring of the flow tests and of ops' stories.
 */
public final class InProcessFunctions {

    private final Map<String, RequestStreamHandler> byName = new LinkedHashMap<>();

    private InProcessFunctions(TestComponents test, InProcessInvoker invoker, Consumer<String> beforeEachInvocation) {
        for (FunctionDef function : TemplateTables.load().functions(test.admin().platform().config().branch())) {
            byName.put(function.functionName(), test.as(function.logicalId()).handler(function.handlerClass()));
        }
        byName.keySet().forEach(name -> invoker.register(name, payload -> {
            beforeEachInvocation.accept(name);
            call(name, payload);
        }));
    }

    /** The functions of {@code test}'s suite, registered with {@code invoker} (usually {@link TestComponents#invoker}). */
    public static InProcessFunctions of(TestComponents test, InProcessInvoker invoker) {
        return new InProcessFunctions(test, invoker, name -> { });
    }

    /**
     * As {@link #of(TestComponents, InProcessInvoker)}, with {@code beforeEachInvocation} run (with the function's
     * name) before each queued invocation runs: to let time pass between a request and what it queued.
     */
    public static InProcessFunctions of(TestComponents test, InProcessInvoker invoker, Consumer<String> beforeEachInvocation) {
        return new InProcessFunctions(test, invoker, beforeEachInvocation);
    }

    /** The handler of the function of this name ({@code payment3-qrcallback-<branch>}). */
    public RequestStreamHandler handler(String functionName) {
        RequestStreamHandler handler = byName.get(functionName);
        if (handler == null) {
            throw new IllegalArgumentException("template.yaml has no function named " + functionName);
        }
        return handler;
    }

    /** Runs a function once with a payload and returns what it wrote; its exceptions pass through. */
    public String call(String functionName, String payload) {
        return Handlers.invoke(handler(functionName), payload);
    }

    /**
     * A synchronous invocation as Lambda's RequestResponse answers it to replay: the function's answer, or a
     * function error carrying the exception's message.
     */
    public FunctionCaller.Result callForReplay(String functionName, String payload) {
        try {
            return new FunctionCaller.Result(false, call(functionName, payload));
        } catch (RuntimeException e) {
            return new FunctionCaller.Result(true, String.valueOf(e.getMessage()));
        }
    }
}
