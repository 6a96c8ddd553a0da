package com.villamarket.payment3.flows;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * moto's DynamoDB with faults on demand: calls of an operation on a table throw DynamoDB's
 * throttling error a given number of times. Everything else reaches moto's DynamoDB.
 */
final class FaultyDynamoDb implements InvocationHandler {

    private final DynamoDbClient real;
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    static FaultyDynamoDb over(DynamoDbClient real) {
        return new FaultyDynamoDb(real);
    }

    DynamoDbClient client() {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this);
    }

    /** The same faults (and counts) over another client: a function's own, signed as its role. */
    DynamoDbClient client(DynamoDbClient other) {
        FaultyDynamoDb shared = this;
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> shared.handle(other, proxy, method, args));
    }

    /** The next {@code times} calls of {@code operation} (for example "putItem") on {@code table} are throttled. */
    void throttle(String operation, String table, int times) {
        faults.put(operation + " " + table, new AtomicInteger(times));
    }

    void clear() {
        faults.clear();
    }

    /** How many calls of an operation on a table reached this client (faulted or not). */
    int calls(String operation, String table) {
        AtomicInteger count = calls.get(operation + " " + table);
        return count == null ? 0 : count.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return handle(real, proxy, method, args);
    }

    private Object handle(DynamoDbClient target, Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1 && args[0] instanceof Consumer<?> && method.isDefault()) {
            // The consumer-builder overloads build the request and call the typed method, through this proxy.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args != null && args.length == 1 && args[0] != null) {
            String table = tableOf(args[0]);
            if (table != null) {
                calls.computeIfAbsent(method.getName() + " " + table, k -> new AtomicInteger()).incrementAndGet();
            }
            AtomicInteger remaining = table == null ? null : faults.get(method.getName() + " " + table);
            if (remaining != null && remaining.getAndDecrement() > 0) {
                throw ProvisionedThroughputExceededException.builder()
                        .message("Rate of requests exceeds the allowed throughput (injected)").statusCode(400).build();
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String tableOf(Object request) {
        try {
            Method tableName = request.getClass().getMethod("tableName");
            return (String) tableName.invoke(request);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
