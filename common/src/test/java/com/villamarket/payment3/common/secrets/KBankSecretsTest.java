package com.villamarket.payment3.common.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class KBankSecretsTest {

    private static final String SECRET = "{\"b2c\":\"pkey_test_abc:skey_test_SECRET123\","
            + "\"url\":\"https://dev-kpaymentgateway-services.kasikornbank.com/\",\"mid\":\"401001234567001\"}";

    private static SecretSource secretsManager(String text) {
        return name -> Optional.of(text);
    }

    @Test
    void readsTheBranchSecret() {
        List<String> asked = new ArrayList<>();
        KBankCredentials credentials = KBankSecrets.load(Config.from(Map.of("BRANCH", "master")), () -> name -> {
            asked.add(name);
            return Optional.of(SECRET);
        });

        assertEquals("skey_test_SECRET123", credentials.secretKey());
        assertEquals("https://dev-kpaymentgateway-services.kasikornbank.com", credentials.baseUrl().toString());
        assertEquals("401001234567001", credentials.merchantId());
        assertEquals(List.of("kbank-prod"), asked);
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
    void aMissingSecretFailsNamingIt() {
        SecretSource missing = name -> {
            throw AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ResourceNotFoundException").errorMessage("nope").build()).statusCode(400).build();
        };
        ConfigException e = assertThrows(ConfigException.class,
                () -> KBankSecrets.load(Config.from(Map.of("BRANCH", "dev")), () -> missing));
        assertEquals("cannot read secret kbank-dev: ResourceNotFoundException", e.getMessage());
    }

    @Test
    void aStackWithoutSecretsManagerTakesTheKeysFromItsEnvironmentOrNamesWhatIsMissing() {
        KBankCredentials credentials = KBankSecrets.fromEnvironment(Config.from(Map.of("BRANCH", "dev",
                "KBANK_SECRET_KEY", "skey_env", "BASE_URL", "http://127.0.0.1:9/", "MID", "m1")));
        assertEquals("skey_env", credentials.secretKey());

        ConfigException e = assertThrows(ConfigException.class,
                () -> KBankSecrets.fromEnvironment(Config.from(Map.of("BRANCH", "dev", "KBANK_SECRET_KEY", "skey_env"))));
        assertTrue(e.getMessage().startsWith("KBANK_SECRET_KEY and BASE_URL must both be set"), e.getMessage());
    }
}
