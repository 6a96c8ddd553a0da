package com.villamarket.payment3.common.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class KBankSecretsTest {

    private static final String SECRET = "{\"b2c\":\"pkey_test_abc:skey_test_SECRET123\","
            + "\"url\":\"https://dev-kpaymentgateway-services.kasikornbank.com/\",\"mid\":\"401001234567001\"}";

    @SuppressWarnings("unchecked")
    private static SecretsManagerClient secretsManager(String text) {
        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(Consumer.class)))
                .thenReturn(GetSecretValueResponse.builder().secretString(text).build());
        return client;
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheBranchSecret() {
        SecretsManagerClient client = secretsManager(SECRET);
        KBankCredentials credentials = KBankSecrets.load(Config.from(Map.of("BRANCH", "master")), () -> client);

        assertEquals("skey_test_SECRET123", credentials.secretKey());
        assertEquals("https://dev-kpaymentgateway-services.kasikornbank.com", credentials.baseUrl().toString());
        assertEquals("401001234567001", credentials.merchantId());
        ArgumentCaptor<Consumer<GetSecretValueRequest.Builder>> request = ArgumentCaptor.forClass(Consumer.class);
        verify(client).getSecretValue(request.capture());
        GetSecretValueRequest.Builder builder = GetSecretValueRequest.builder();
        request.getValue().accept(builder);
        assertEquals("kbank-prod", builder.build().secretId());
    }

    @Test
    void environmentTakesPrecedenceAndSparesTheCall() {
        KBankCredentials credentials = KBankSecrets.load(Config.from(Map.of("BRANCH", "dev",
                "KBANK_SECRET_KEY", "skey_env", "BASE_URL", "http://127.0.0.1:8010", "MID", "m1")), () -> {
                    throw new AssertionError("Secrets Manager must not be called");
                });
        assertEquals("skey_env", credentials.secretKey());
        assertEquals("m1", credentials.merchantId());
    }

    @Test
    void neverShowsAKey() {
        KBankCredentials credentials = KBankSecrets.load(Config.from(Map.of("BRANCH", "dev")), () -> secretsManager(SECRET));
        assertFalse(credentials.toString().contains("SECRET123"));
        assertFalse(credentials.toString().contains("pkey_test_abc"));
    }

    @Test
    void aMalformedSecretFailsWithoutShowingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> KBankSecrets.load(
                Config.from(Map.of("BRANCH", "dev")), () -> secretsManager("{\"b2c\":\"skey_test_SECRET123\"")));
        assertFalse(e.getMessage().contains("SECRET123"));
        assertEquals("secret kbank-dev is not valid JSON", e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingSecretFailsNamingIt() {
        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(Consumer.class))).thenThrow(ResourceNotFoundException.builder().message("nope").build());
        ConfigException e = assertThrows(ConfigException.class,
                () -> KBankSecrets.load(Config.from(Map.of("BRANCH", "dev")), () -> client));
        assertEquals("cannot read secret kbank-dev: ResourceNotFoundException", e.getMessage());
    }
}
