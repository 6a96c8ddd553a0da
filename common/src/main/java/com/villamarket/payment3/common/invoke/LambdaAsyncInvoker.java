package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** {@link AsyncInvoker} over AWS Lambda's Invoke API with invocation type Event. */
public final class LambdaAsyncInvoker implements AsyncInvoker {

    private final LambdaClient lambda;
    private final Optional<String> alias;

    /** Invokes {@code $LATEST} of each function. */
    public LambdaAsyncInvoker(LambdaClient lambda) {
        this(lambda, Optional.empty());
    }

    /** @param alias the qualifier every invocation names (SnapStart applies to the alias, not to $LATEST) */
    public LambdaAsyncInvoker(LambdaClient lambda, Optional<String> alias) {
        this.lambda = lambda;
        this.alias = alias;
    }

    /** Builds the Lambda client from the container's shared SDK settings, invoking through {@code FUNCTION_ALIAS}. */
    public static LambdaAsyncInvoker create(AwsClients clients) {
        return new LambdaAsyncInvoker(clients.configure(LambdaClient.builder(), Optional.empty()).build(),
                clients.config().functionAlias());
    }

    @Override
    public void invoke(String functionName, Object payload) {
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(functionName)
                    .qualifier(alias.orElse(null))
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(Json.write(payload))));
        } catch (RuntimeException e) {
            throw new InvocationException("invoking " + functionName + " failed: " + e.getMessage(), e);
        }
        Integer status = response.statusCode();
        if (status == null || status != 202) {
            throw new InvocationException("invoking " + functionName + " was answered " + status
                    + (response.functionError() == null ? "" : " " + response.functionError()), null);
        }
        Log.info("invoked asynchronously", "function", functionName);
    }
}
