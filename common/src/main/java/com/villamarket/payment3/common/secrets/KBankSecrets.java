package com.villamarket.payment3.common.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Reads KBank's credentials once per container.
 *
 * <p>The secret ({@code kbank-prod} on master, {@code kbank-dev} otherwise) is JSON
 * {@code {"b2c": "public_key:secret_key", "url": "...", "mid": "..."}} (the public key is the
 * browser's, which no function uses). The variables
 * {@code KBANK_SECRET_KEY}, {@code BASE_URL} and {@code MID} take precedence
 * field by field; when the secret key and the URL are both set, Secrets Manager is not called.
 */
public final class KBankSecrets {

    private KBankSecrets() {
    }

    /**
     * The credentials the environment gives, for a stack that has no Secrets Manager (the local suite,
     * the tests): {@code KBANK_SECRET_KEY} and {@code BASE_URL} must both be set.
     *
     * @throws ConfigException when they are not, naming them
     */
    public static KBankCredentials fromEnvironment(Config config) {
        return load(config, () -> {
            throw new ConfigException("KBANK_SECRET_KEY and BASE_URL must both be set: this stack reads no secret from Secrets Manager");
        });
    }

    /**
     * Resolves the credentials.
     *
     * @param secretsManager called only when the environment does not give everything
     * @throws ConfigException when the secret is missing or malformed; the message never holds a key
     */
    public static KBankCredentials load(Config config, Supplier<? extends SecretSource> secretsManager) {
        Optional<String> envSecret = config.kbankSecretKey();
        Optional<String> envUrl = config.kbankBaseUrl();
        JsonNode secret = envSecret.isPresent() && envUrl.isPresent()
                ? Json.object()
                : fetch(config.kbankSecretName(), secretsManager.get());

        String[] b2c = splitB2c(Json.text(secret, "b2c"), config.kbankSecretName());
        String secretKey = envSecret.orElse(b2c[1]);
        String url = envUrl.orElse(Json.text(secret, "url"));
        String mid = config.kbankMerchantId().orElse(Json.text(secret, "mid"));
        if (secretKey == null || secretKey.isBlank()) {
            throw new ConfigException("no KBank secret key: set KBANK_SECRET_KEY or 'b2c' in secret " + config.kbankSecretName());
        }
        if (url == null || url.isBlank()) {
            throw new ConfigException("no KBank URL: set BASE_URL or 'url' in secret " + config.kbankSecretName());
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the KBank URL is not a URL (BASE_URL or 'url' in secret " + config.kbankSecretName() + ")");
        }
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new ConfigException("the KBank URL is not an absolute URL (BASE_URL or 'url' in secret " + config.kbankSecretName() + ")");
        }
        return new KBankCredentials(secretKey, baseUrl, mid);
    }

    private static JsonNode fetch(String name, SecretSource source) {
        String text;
        try {
            text = source.secretString(name).orElse(null);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot read secret " + name + ": " + describe(e));
        }
        if (text == null) {
            throw new ConfigException("secret " + name + " has no text value");
        }
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (IllegalArgumentException e) {
            // Never include the text: it is the secret.
            throw new ConfigException("secret " + name + " is not valid JSON");
        }
        if (!node.isObject()) {
            throw new ConfigException("secret " + name + " is not a JSON object");
        }
        return node;
    }

    /** AWS's error code (ResourceNotFoundException, AccessDeniedException), else the failure's kind. */
    private static String describe(RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static String[] splitB2c(String b2c, String name) {
        if (b2c == null) {
            return new String[] {null, null};
        }
        int colon = b2c.indexOf(':');
        if (colon < 0) {
            throw new ConfigException("'b2c' in secret " + name + " is not 'public_key:secret_key'");
        }
        return new String[] {b2c.substring(0, colon).trim(), b2c.substring(colon + 1).trim()};
    }
}
