package com.villamarket.payment3.common.secrets;

import com.villamarket.payment3.common.aws.AwsApi;
import com.villamarket.payment3.common.aws.AwsService;
import com.villamarket.payment3.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpMethod;

/** {@link SecretSource} as one signed GetSecretValue request of Secrets Manager's JSON API, the request the SDK's client sends. */
public final class SecretsManagerApi implements SecretSource {

    private final AwsApi api;

    public SecretsManagerApi(AwsApi api) {
        this.api = api;
    }

    @Override
    public Optional<String> secretString(String secretId) {
        byte[] request = Json.write(Json.object().put("SecretId", secretId)).getBytes(StandardCharsets.UTF_8);
        AwsApi.Response response = api.call(AwsService.SECRETS_MANAGER, SdkHttpMethod.POST, "/", Map.of(),
                Map.of("X-Amz-Target", "secretsmanager.GetSecretValue", "Content-Type", "application/x-amz-json-1.1"), request);
        return Optional.ofNullable(Json.text(Json.parse(response.text()), "SecretString"));
    }
}
