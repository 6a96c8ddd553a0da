package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.aws.AwsClients;
import java.util.Optional;

/** {@link FunctionCaller} over Lambda's Invoke API, invocation type RequestResponse. */
public final class LambdaFunctionCaller implements FunctionCaller {

    private final LambdaInvoke lambda;
    private final Optional<String> alias;

    public LambdaFunctionCaller(LambdaInvoke lambda, Optional<String> alias) {
        this.lambda = lambda;
        this.alias = alias;
    }

    /** Calls through the container's shared AWS settings and {@code FUNCTION_ALIAS}. */
    public static LambdaFunctionCaller create(AwsClients aws) {
        return new LambdaFunctionCaller(new LambdaInvokeApi(aws.lambda()), aws.config().functionAlias());
    }

    @Override
    public Result call(String functionName, String payload) {
        LambdaInvoke.Response response = lambda.invoke(new LambdaInvoke.Request(functionName, alias,
                LambdaInvoke.Type.REQUEST_RESPONSE, payload));
        return new Result(response.functionError().isPresent(), response.payload());
    }
}
