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
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The AWS SDK's clients of a container, each built once and only when first asked for, so that a client only
 * an error path uses (SES, SNS, Secrets Manager when the keys are in the environment) costs a cold start
 * nothing: one URL-connection HTTP client, the region from the configuration, and credentials without the
 * default chain's probing (container credentials when Lambda SnapStart provides them, else the variables
 * Lambda sets).
 *
 * <p>Each client finds its endpoint as the SDK does ({@code AWS_ENDPOINT_URL_LAMBDA} and the like, which the
 * local stack and the packaged tests set); DynamoDB's may be given by {@code DYNAMODB_ENDPOINT}. Lambda, SES,
 * SNS and Secrets Manager run in the SDK's standard retry mode: a throttling or server error, or a connection
 * failure, is tried again, at most three attempts in all, within the call timeout.
 */
public final class AwsClients {

    private static final IoTimingInterceptor IO_TIMING = new IoTimingInterceptor();
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(15);

    private final Config config;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<LambdaClient> lambda;
    private final Supplier<SesClient> ses;
    private final Supplier<SnsClient> sns;
    private final Supplier<SecretsManagerClient> secretsManager;

    public AwsClients(Config config) {
        this.config = config;
        this.http = new WholeRequestHttpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build());
        this.credentials = credentialsFor(config);
        this.dynamoDb = Lazy.of(() -> {
            DynamoDbClientBuilder builder = configured(DynamoDbClient.builder(), ClientOverrideConfiguration.builder());
            config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        this.lambda = Lazy.of(() -> configured(LambdaClient.builder(), standardRetries()).build());
        this.ses = Lazy.of(() -> configured(SesClient.builder(), standardRetries()).build());
        this.sns = Lazy.of(() -> configured(SnsClient.builder(), standardRetries()).build());
        this.secretsManager = Lazy.of(() -> configured(SecretsManagerClient.builder(), standardRetries()).build());
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** Lambda's client: invocations of the suite's functions and the shop's. */
    public LambdaClient lambda() {
        return lambda.get();
    }

    /** SES's client (the SendEmail action the template's policies grant). */
    public SesClient ses() {
        return ses.get();
    }

    /** SNS's client, for the notification topic. */
    public SnsClient sns() {
        return sns.get();
    }

    /** Secrets Manager's client, for KBank's keys when the environment has none. */
    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    public Config config() {
        return config;
    }

    /** What every client shares: the HTTP client, region, credentials, call timeout and I/O timing. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configured(B builder,
            ClientOverrideConfiguration.Builder overrides) {
        builder.httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides.apiCallTimeout(API_CALL_TIMEOUT).addExecutionInterceptor(IO_TIMING).build());
        return builder;
    }

    private static ClientOverrideConfiguration.Builder standardRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD);
    }

    private static AwsCredentialsProvider credentialsFor(Config config) {
        return switch (config.awsCredentialsSource()) {
            case CONTAINER -> ContainerCredentialsProvider.builder().build();
            case ENVIRONMENT -> EnvironmentVariableCredentialsProvider.create();
            // Local runs against moto's DynamoDB and the local AWS APIs: any key will do.
            case LOCAL -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        };
    }
}
