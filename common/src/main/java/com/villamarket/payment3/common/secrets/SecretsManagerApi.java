package com.villamarket.payment3.common.secrets;

import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@link SecretSource} through the SDK's Secrets Manager client (GetSecretValue). */
public final class SecretsManagerApi implements SecretSource {

    private final SecretsManagerClient secretsManager;

    public SecretsManagerApi(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
    }

    @Override
    public Optional<String> secretString(String secretId) {
        return Optional.ofNullable(secretsManager.getSecretValue(request -> request.secretId(secretId)).secretString());
    }
}
