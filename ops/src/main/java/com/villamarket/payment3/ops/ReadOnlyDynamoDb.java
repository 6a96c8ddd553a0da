package com.villamarket.payment3.ops;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that only reads: the operations named in {@link #READS} go to the real client,
 * every other one (a write, a PartiQL statement, a table change, and any operation the SDK adds
 * later) is refused before it leaves the process.
 */
public final class ReadOnlyDynamoDb {

    /** The operations let through: reads of items and of a table's description, and the client's own plumbing. */
    static final Set<String> READS = Set.of("getItem", "batchGetItem", "query", "queryPaginator", "scan",
            "scanPaginator", "describeTable", "serviceName", "serviceClientConfiguration", "close");

    private ReadOnlyDynamoDb() {
    }

    /** A client over {@code real} that refuses everything but {@link #READS}. */
    public static DynamoDbClient over(DynamoDbClient real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            if (!READS.contains(method.getName())) {
                throw new ReadOnlyException("DynamoDB " + method.getName() + " refused: the story only reads");
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "ReadOnlyDynamoDb";
        };
    }
}
