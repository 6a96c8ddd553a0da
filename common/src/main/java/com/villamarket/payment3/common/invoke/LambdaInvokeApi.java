package com.villamarket.payment3.common.invoke;

import com.villamarket.payment3.common.aws.AwsApi;
import com.villamarket.payment3.common.aws.AwsService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** {@link LambdaInvoke} as one signed {@code POST /2015-03-31/functions/{name}/invocations}, the request the SDK's client sends. */
public final class LambdaInvokeApi implements LambdaInvoke {

    private final AwsApi api;

    public LambdaInvokeApi(AwsApi api) {
        this.api = api;
    }

    @Override
    public Response invoke(Request request) {
        AwsApi.Response answer = api.call(AwsService.LAMBDA, SdkHttpMethod.POST,
                "/2015-03-31/functions/" + SdkHttpUtils.urlEncode(request.functionName()) + "/invocations",
                request.qualifier().map(q -> Map.of("Qualifier", q)).orElse(Map.of()),
                Map.of("X-Amz-Invocation-Type", request.type().header(), "Content-Type", "application/json"),
                request.payload().getBytes(StandardCharsets.UTF_8));
        return new Response(answer.status(), answer.header("X-Amz-Function-Error"), answer.text());
    }
}
