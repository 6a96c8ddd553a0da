package com.villamarket.payment3.common.secrets;

import java.util.Optional;

/** Where a secret's text is read from: Secrets Manager's GetSecretValue in production. */
public interface SecretSource {

    /**
     * The secret's current text.
     *
     * @return empty when the secret has no text value (a binary one)
     * @throws RuntimeException when it cannot be read (the AWS SDK's exceptions)
     */
    Optional<String> secretString(String secretId);
}
