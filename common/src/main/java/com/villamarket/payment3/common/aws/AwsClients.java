package com.villamarket.payment3.common.aws;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.metrics.IoTimingInterceptor;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * Builds the AWS SDK clients, once each and only when first asked for: one URL-connection HTTP
 * client, the region from the configuration, and credentials without the default chain's probing
 * (container credentials when Lambda SnapStart provides them, else the variables Lambda sets).
 */
public final class AwsClients {

    private static final IoTimingInterceptor IO_TIMING = new IoTimingInterceptor();

    private final Config config;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<SesClient> ses;
    private final Supplier<SecretsManagerClient> secretsManager;

    public AwsClients(Config config) {
        this.config = config;
        this.region = Region.of(config.region());
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        this.credentials = credentialsFor(config);
        this.dynamoDb = Lazy.of(() -> configure(DynamoDbClient.builder(), config.dynamoDbEndpoint()).build());
        this.ses = Lazy.of(() -> configure(SesClient.builder(), Optional.empty()).build());
        this.secretsManager = Lazy.of(() -> configure(SecretsManagerClient.builder(), Optional.empty()).build());
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public SesClient ses() {
        return ses.get();
    }

    public Supplier<SecretsManagerClient> secretsManager() {
        return secretsManager;
    }

    /** Applies the shared HTTP client, region, credentials and an optional endpoint to any SDK client builder. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, Optional<URI> endpoint) {
        builder.httpClient(http)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(15))
                        .addExecutionInterceptor(IO_TIMING)
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
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
