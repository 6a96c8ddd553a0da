package com.villamarket.payment3.common.invoke;

import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** {@link LambdaInvoke} through the SDK's Lambda client. */
public final class LambdaInvokeApi implements LambdaInvoke {

    private final LambdaClient lambda;

    public LambdaInvokeApi(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public Response invoke(Request request) {
        InvokeRequest.Builder invoke = InvokeRequest.builder()
                .functionName(request.functionName())
                .invocationType(InvocationType.fromValue(request.type().header()))
                .payload(SdkBytes.fromUtf8String(request.payload()));
        request.qualifier().ifPresent(invoke::qualifier);
        InvokeResponse answer = lambda.invoke(invoke.build());
        return new Response(answer.statusCode(), Optional.ofNullable(answer.functionError()),
                answer.payload() == null ? "" : answer.payload().asUtf8String());
    }
}
