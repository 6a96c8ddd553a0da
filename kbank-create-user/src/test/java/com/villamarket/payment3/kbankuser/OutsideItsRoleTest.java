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

    @Test
    void aCallOutsideItsRoleFailsAsAwsFailsItForLambdasRetries(TestComponents.Builder parts) {
        TestComponents elsewhere = parts.onAnotherStack().build();
        CreateUserHandler handler = new CreateUserHandler(elsewhere.function());

        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> Handlers.async(handler, Handlers.event("kbank-create-user/save-card.json")));

        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertEquals(400, denied.statusCode());
        assertTrue(denied.getMessage().contains("is not authorized to perform: dynamodb:GetItem on resource: " + TestComponents.tableArn("payment3-kbank-user-mapping-elsewhere")),
                denied.getMessage());
        assertTrue(elsewhere.refused().contains(new AwsFront.Call("KBankCreateUserFunction", "dynamodb:GetItem", TestComponents.tableArn("payment3-kbank-user-mapping-elsewhere"), false)),
                elsewhere.refused().toString());
    }
}
