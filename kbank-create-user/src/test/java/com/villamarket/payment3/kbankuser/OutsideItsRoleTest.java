package com.villamarket.payment3.kbankuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.AwsFront;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * KBankCreateUserFunction with its role enforced as on AWS: deployed against another stack's tables (its {@code BRANCH} and
 * order table not this stack's), every call it makes there is refused by AWS's permissions front as AWS refuses
 * it ({@code AccessDeniedException}), nothing reaches DynamoDB, and the function answers as below (a call its role
 * refuses is a configuration defect: it pages at once).
 */
@LocalSuiteTest
class OutsideItsRoleTest {

    /** The function's parts for a stack whose tables its role does not name. */
    private static TestComponents misdeployed(TestComponents.Builder parts) {
        return parts.env(env -> {
            env.put("BRANCH", "elsewhere");
            env.put("ORDER_TABLE_NAME", "order-table-elsewhere");
        }).build();
    }

    private static String table(String name) {
        return "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + name;
    }

    @Test
    void aCallOutsideItsRoleFailsAsAwsFailsItForLambdasRetries(TestComponents.Builder parts) {
        TestComponents elsewhere = misdeployed(parts);
        CreateUserHandler handler = new CreateUserHandler(elsewhere.function());

        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> Handlers.async(handler, Handlers.event("kbank-create-user/save-card.json")));

        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertEquals(400, denied.statusCode());
        assertTrue(denied.getMessage().contains("is not authorized to perform: dynamodb:GetItem on resource: " + table("payment3-kbank-user-mapping-elsewhere")),
                denied.getMessage());
        assertTrue(elsewhere.refused().contains(new AwsFront.Call("KBankCreateUserFunction", "dynamodb:GetItem", table("payment3-kbank-user-mapping-elsewhere"), false)),
                elsewhere.refused().toString());
    }
}
