package com.villamarket.payment3.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The secret each function reads its KBank keys from (KBANK_SECRET_NAME) and the one its role may read are set by
 * one template parameter, KBankSecretName (empty: kbank-prod on master, kbank-dev elsewhere): a stack deployed with
 * another secret gets roles that read it and nothing else.
 */
class KBankSecretRoleTest {

    @ParameterizedTest
    @CsvSource({"dev, '', kbank-dev", "master, '', kbank-prod", "dev, kbank-shop-sandbox, kbank-shop-sandbox",
            "master, kbank-shop, kbank-shop"})
    void everyFunctionReadsTheSecretItsRoleMayRead(String branch, String parameter, String secret) {
        Map<String, String> parameters = Map.of("Branch", branch, "KBankSecretName", parameter);
        TemplateTables template = TemplateTables.load();
        Map<String, TemplateRoles.Role> roles = TemplateRoles.of(template, parameters);

        for (TemplateTables.FunctionDef function : template.functions(branch)) {
            String named = template.configuration(function.logicalId(), parameters).environment().get("KBANK_SECRET_NAME");
            assertEquals(secret, named, function.logicalId());
            TemplateRoles.Role role = roles.get(function.logicalId());
            if (function.logicalId().equals("ReplayFunction")) {
                // Replay calls the functions, never KBank: no secret at all.
                assertFalse(role.allows("secretsmanager:GetSecretValue", AwsFront.secretArn(secret)));
                continue;
            }
            assertTrue(role.allows("secretsmanager:GetSecretValue", AwsFront.secretArn(secret)), function.logicalId());
            for (String other : new String[] {"kbank-prod", "kbank-dev", secret + "-other"}) {
                if (!other.equals(secret)) {
                    assertFalse(role.allows("secretsmanager:GetSecretValue", AwsFront.secretArn(other)),
                            function.logicalId() + " may read " + other);
                }
            }
        }
    }
}
