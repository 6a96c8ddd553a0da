package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.aws.AwsClients;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** {@link FunctionCaller} over Lambda's Invoke API, invocation type RequestResponse. */
public final class LambdaFunctionCaller implements FunctionCaller {

    private final LambdaClient lambda;
    private final Optional<String> alias;

    public LambdaFunctionCaller(LambdaClient lambda, Optional<String> alias) {
        this.lambda = lambda;
        this.alias = alias;
    }

    public static LambdaFunctionCaller create(AwsClients aws) {
        return new LambdaFunctionCaller(aws.configure(LambdaClient.builder(), Optional.empty()).build(),
                aws.config().functionAlias());
    }

    @Override
    public Result call(String functionName, String payload) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(functionName)
                .qualifier(alias.orElse(null))
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(payload)));
        String answer = response.payload() == null ? "" : response.payload().asUtf8String();
        return new Result(response.functionError() != null, answer);
    }
}
