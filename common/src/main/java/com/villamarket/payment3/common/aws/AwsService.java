package com.villamarket.payment3.common.aws;

/**
 * An AWS service the suite calls with its own signed requests ({@link AwsApi}), named as the AWS SDK
 * names it, so that the SDK's endpoint settings apply unchanged.
 *
 * @param name                what error messages call it (the SDK's service id)
 * @param endpointPrefix      the host's first label in the default endpoint ({@code email} for SES)
 * @param signingName         the service name in the SigV4 credential scope
 * @param environmentVariable the SDK's per-service endpoint variable ({@code AWS_ENDPOINT_URL_LAMBDA})
 * @param systemProperty      the SDK's per-service endpoint system property ({@code aws.endpointUrlLambda})
 */
public record AwsService(String name, String endpointPrefix, String signingName, String environmentVariable,
        String systemProperty) {

    public static final AwsService LAMBDA = new AwsService("Lambda", "lambda", "lambda",
            "AWS_ENDPOINT_URL_LAMBDA", "aws.endpointUrlLambda");
    public static final AwsService SES = new AwsService("SES", "email", "ses",
            "AWS_ENDPOINT_URL_SES", "aws.endpointUrlSes");
    public static final AwsService SNS = new AwsService("SNS", "sns", "sns",
            "AWS_ENDPOINT_URL_SNS", "aws.endpointUrlSns");
    public static final AwsService SECRETS_MANAGER = new AwsService("Secrets Manager", "secretsmanager", "secretsmanager",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpointUrlSecretsManager");
}
