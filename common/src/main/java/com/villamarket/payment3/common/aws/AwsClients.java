package com.villamarket.payment3.common.aws;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.metrics.IoTimingInterceptor;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the AWS clients, once each and only when first asked for: one URL-connection HTTP client,
 * the region from the configuration, and credentials without the default chain's probing (container
 * credentials when Lambda SnapStart provides them, else the variables Lambda sets). DynamoDB is the
 * SDK's client; every other service is called through {@link AwsApi}, signed requests over the same
 * HTTP client and credentials.
 */
public final class AwsClients {

    private static final IoTimingInterceptor IO_TIMING = new IoTimingInterceptor();
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(15);

    private final Config config;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<AwsApi> api;

    public AwsClients(Config config) {
        this.config = config;
        SdkHttpClient http = new WholeRequestHttpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build());
        AwsCredentialsProvider credentials = credentialsFor(config);
        this.dynamoDb = Lazy.of(() -> {
            DynamoDbClientBuilder builder = DynamoDbClient.builder()
                    .httpClient(http)
                    .region(Region.of(config.region()))
                    .credentialsProvider(credentials)
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .apiCallTimeout(API_CALL_TIMEOUT)
                            .addExecutionInterceptor(IO_TIMING)
                            .build());
            config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        this.api = Lazy.of(() -> new AwsApi(http, credentials, config.region(),
                service -> AwsEndpoints.resolve(service, config.region()), API_CALL_TIMEOUT));
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** Signed requests to Lambda, SES, SNS and Secrets Manager. */
    public AwsApi api() {
        return api.get();
    }

    public Config config() {
        return config;
    }

    private static AwsCredentialsProvider credentialsFor(Config config) {
        return switch (config.awsCredentialsSource()) {
            case CONTAINER -> ContainerCredentialsProvider.builder().build();
            case ENVIRONMENT -> EnvironmentVariableCredentialsProvider.create();
            // Local runs against DynamoDB Local: any key will do.
            case LOCAL -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        };
    }
}
