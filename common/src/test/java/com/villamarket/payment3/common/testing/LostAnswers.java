package com.villamarket.payment3.common.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import com.villamarket.payment3.testkit.LocalSuite;

/**
 * A DynamoDB client over moto's DynamoDB that loses answers: a chosen request reaches DynamoDB and
 * its write lands, then its answer is replaced by a 500 InternalServerError, so the SDK's own retry
 * sends the same request again, as when an answer is lost on the way back.
 */
public final class LostAnswers implements ExecutionInterceptor {

    private static final String LOST = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"the answer was lost on the way back (test)\"}";

    private final Predicate<SdkRequest> which;
    private final AtomicInteger toLose = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    private LostAnswers(Predicate<SdkRequest> which) {
        this.which = which;
    }

    /** Loses the answers of the requests {@code which} picks, once armed with {@link #lose(int)}. */
    public static LostAnswers of(Predicate<SdkRequest> which) {
        return new LostAnswers(which);
    }

    /** Loses the next {@code count} answers of the chosen requests. */
    public LostAnswers lose(int count) {
        toLose.set(count);
        return this;
    }

    /** How many answers were lost so far. */
    public int lost() {
        return lost.get();
    }

    /**
     * A client with this interceptor, signed as the function {@code logicalId} through the suite's permissions front
     * (its role checked, as {@link LocalSuite#dynamoDbAs} is).
     */
    public DynamoDbClient client(LocalSuite suite, String logicalId) {
        return DynamoDbClient.builder()
                .endpointOverride(suite.front().endpoint())
                .region(Region.AP_SOUTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(logicalId, "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(this).build())
                .build();
    }

    /** Whether this attempt's answer is being lost: set where the status is replaced, read where the body is. */
    private static final ExecutionAttribute<Boolean> LOSING = new ExecutionAttribute<>("payment3.lostAnswer");

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        boolean lose = which.test(context.request()) && toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        attributes.putAttribute(LOSING, lose);
        if (!lose) {
            return context.httpResponse();
        }
        lost.incrementAndGet();
        return context.httpResponse().toBuilder().statusCode(500).statusText("Internal Server Error")
                .removeHeader("Content-Length").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(LOSING))) {
            return context.responseBody();
        }
        return Optional.of(new ByteArrayInputStream(LOST.getBytes(StandardCharsets.UTF_8)));
    }
}
