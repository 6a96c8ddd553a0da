package com.villamarket.payment3.common.testing;

import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.mail.Mailer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wraps each part that leaves the process (DynamoDB, KBank's HTTP, Lambda invocations, e-mail, SNS)
 * so that a hook runs after every call, with a line naming it: where a test counts the boundaries
 * between two writes or calls, or kills the run at one of them.
 */
public final class Boundaries {

    private Boundaries() {
    }

    /** DynamoDB calls, named by operation and table; the hook runs after the call, whether it succeeded or was refused. */
    public static DynamoDbClient dynamoDb(DynamoDbClient real, Consumer<String> after) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.isDefault() && args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                    // The consumer-builder overloads build the request and call the typed method, through this proxy.
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                if ("close".equals(method.getName()) || "serviceName".equals(method.getName())
                        || "serviceClientConfiguration".equals(method.getName())) {
                    return method.invoke(real, args);
                }
                String name = "dynamodb " + method.getName() + " " + tableOf(args);
                try {
                    Object result = method.invoke(real, args);
                    after.accept(name);
                    return result;
                } catch (InvocationTargetException e) {
                    after.accept(name + " (refused)");
                    throw e.getCause();
                }
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    /** KBank's HTTP calls, named by method and path. */
    public static HttpTransport http(HttpTransport real, Consumer<String> after) {
        return (method, uri, headers, body, connectTimeout, readTimeout) -> {
            HttpTransport.HttpResponse response = real.send(method, uri, headers, body, connectTimeout, readTimeout);
            after.accept("kbank " + method + " " + uri.getPath());
            return response;
        };
    }

    /** Asynchronous invocations, named by function. */
    public static AsyncInvoker invoker(AsyncInvoker real, Consumer<String> after) {
        return new AsyncInvoker() {
            @Override
            public void invoke(String functionName, Object payload) {
                real.invoke(functionName, payload);
                after.accept("invoke " + functionName);
            }

            @Override
            public void invokeOther(String functionName, Optional<String> qualifier, Object payload) {
                real.invokeOther(functionName, qualifier, payload);
                after.accept("invoke " + functionName + qualifier.map(q -> ":" + q).orElse(""));
            }
        };
    }

    /** E-mails, named by subject. */
    public static Mailer mailer(Mailer real, Consumer<String> after) {
        return (to, subject, text) -> {
            real.send(to, subject, text);
            after.accept("mail " + subject);
        };
    }

    /** SNS messages. */
    public static Consumer<String> topic(Consumer<String> real, Consumer<String> after) {
        return message -> {
            real.accept(message);
            after.accept("sns");
        };
    }

    private static String tableOf(Object[] args) {
        if (args == null || args.length != 1 || args[0] == null) {
            return "";
        }
        try {
            Object table = args[0].getClass().getMethod("tableName").invoke(args[0]);
            return String.valueOf(table);
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }
}
