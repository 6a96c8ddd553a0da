package com.villamarket.payment3.kbankcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.AwsFront;
import com.villamarket.payment3.testkit.LocalSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KBankAddCardFunction reads KBank's keys from Secrets Manager, as on AWS, with its role enforced: the one AWS call
 * it makes. Its secret (KBANK_SECRET_NAME, kbank-dev on a branch other than master) is read; any other is refused
 * as AWS refuses it ({@code AccessDeniedException}) and the function fails for Lambda's retries, naming the secret.
 */
@LocalSuiteTest
class OutsideItsRoleTest {

    /** The function's parts with no KBank key in the environment: the keys come from Secrets Manager. */
    private static TestComponents keysFromSecretsManager(TestComponents.Builder parts, String secretName) {
        return parts.env(env -> {
            env.remove("KBANK_SECRET_KEY");
            env.remove("BASE_URL");
            env.remove("MID");
            env.put("KBANK_SECRET_NAME", secretName);
        }).build();
    }

    @Test
    void kbanksKeysComeFromTheSecretItsRoleNames(LocalSuite suite, TestComponents.Builder parts) {
        TestComponents function = keysFromSecretsManager(parts, "kbank-dev");
        function.putSecret("kbank-dev", "{\"b2c\": \"pkey_test_local:" + LocalSuite.KBANK_SECRET_KEY + "\", \"url\": \""
                + suite.kbank().baseUrl() + "\", \"mid\": \"401001234567001\"}");
        suite.kbank().existingCustomer("cust_test_sample");

        assertEquals("cust_test_sample", Handlers.async(new AddCardHandler(function.function()),
                Handlers.event("kbank-add-card/add-card.json")));

        assertEquals(List.of("tokn_test_sample_3ds"), suite.kbank().customers().get("cust_test_sample"));
        assertTrue(suite.front().calls().contains(new AwsFront.Call("KBankAddCardFunction", "secretsmanager:GetSecretValue",
                AwsFront.secretArn("kbank-dev"), true)), suite.front().calls().toString());
    }

    @Test
    void aSecretOutsideItsRoleIsAccessDeniedAndTheFunctionFailsNamingIt(TestComponents.Builder parts) {
        TestComponents function = keysFromSecretsManager(parts, "kbank-prod");
        function.putSecret("kbank-prod", "{\"b2c\": \"pkey_prod:skey_prod_never_read\", \"url\": \"https://kbank.example\"}");
        AddCardHandler handler = new AddCardHandler(function.function());

        ConfigException refused = assertThrows(ConfigException.class,
                () -> Handlers.async(handler, Handlers.event("kbank-add-card/add-card.json")));

        assertEquals("cannot read secret kbank-prod: AccessDeniedException", refused.getMessage());
        assertEquals(List.of(new AwsFront.Call("KBankAddCardFunction", "secretsmanager:GetSecretValue",
                AwsFront.secretArn("kbank-prod"), false)), function.refused());
    }
}
