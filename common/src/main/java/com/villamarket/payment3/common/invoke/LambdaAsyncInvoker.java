package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.util.Optional;

/** {@link AsyncInvoker} over AWS Lambda's Invoke API with invocation type Event. */
public final class LambdaAsyncInvoker implements AsyncInvoker {

    private final LambdaInvoke lambda;
    private final Optional<String> alias;

    /** Invokes {@code $LATEST} of each function. */
    public LambdaAsyncInvoker(LambdaInvoke lambda) {
        this(lambda, Optional.empty());
    }

    /** @param alias the qualifier every invocation names (SnapStart applies to the alias, not to $LATEST) */
    public LambdaAsyncInvoker(LambdaInvoke lambda, Optional<String> alias) {
        this.lambda = lambda;
        this.alias = alias;
    }

    /** Invokes through the container's shared AWS settings and {@code FUNCTION_ALIAS}. */
    public static LambdaAsyncInvoker create(AwsClients clients) {
        return new LambdaAsyncInvoker(new LambdaInvokeApi(clients.lambda()), clients.config().functionAlias());
    }

    @Override
    public void invoke(String functionName, Object payload) {
        invoke(functionName, alias, payload);
    }

    @Override
    public void invokeOther(String functionName, Optional<String> qualifier, Object payload) {
        invoke(functionName, qualifier, payload);
    }

    private void invoke(String functionName, Optional<String> qualifier, Object payload) {
        LambdaInvoke.Response response;
        try {
            response = lambda.invoke(new LambdaInvoke.Request(functionName, qualifier, LambdaInvoke.Type.EVENT, Json.write(payload)));
        } catch (RuntimeException e) {
            throw new InvocationException("invoking " + functionName + " failed: " + e.getMessage(), e);
        }
        if (response.status() != 202) {
            throw new InvocationException("invoking " + functionName + " was answered " + response.status()
                    + response.functionError().map(error -> " " + error).orElse(""), null);
        }
        Log.info("invoked asynchronously", "function", functionName);
    }
}
