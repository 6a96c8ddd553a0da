package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.invoke.AsyncInvoker.InvocationException;
import com.villamarket.payment3.common.wiring.Components;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Every function of the flow tests runs with its role enforced ({@link Wiring}): a call outside the role fails
 * as it fails on AWS, before it reaches DynamoDB or the function it would invoke, so a path of the code that
 * needs more than template.yaml grants fails here and not at the first deployment.
 */
class RolesEnforcedTest {

    private static Wiring w;

    @BeforeAll
    static void start() {
        w = new Wiring();
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @Test
    void aTableOutsideTheRoleIsAccessDeniedAndTheWriteNeverLands() {
        String orderId = w.order("100.00");
        Components addCard = w.test.as("KBankAddCardFunction");

        DynamoDbException read = assertThrows(DynamoDbException.class, () -> addCard.tables().orders().find(new OrderId(orderId)));
        assertEquals("AccessDeniedException", read.awsErrorDetails().errorCode());
        assertTrue(read.getMessage().contains("is not authorized to perform: dynamodb:GetItem on resource: "
                + "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + w.c.platform().config().orderTable()), read.getMessage());

        Components qrCallback = w.test.as("QRCallbackFunction");
        assertTrue(qrCallback.tables().orders().find(new OrderId(orderId)).isPresent(), "its role reads the order table");
        DynamoDbException write = assertThrows(DynamoDbException.class, () -> qrCallback.tables().orders().markPaid(
                qrCallback.tables().orders().find(new OrderId(orderId)).orElseThrow(), Json.object(), ChargeId.parse("chrg_test_not_allowed"),
                w.clock.instant()));
        assertEquals("AccessDeniedException", write.awsErrorDetails().errorCode());
        assertFalse(w.paid(orderId), "the denied UpdateItem never reached DynamoDB");
    }

    @Test
    void anInvocationOfAFunctionTheRoleDoesNotNameIsNotAccepted() {
        Components qrCallback = w.test.as("QRCallbackFunction");
        int queued = w.invoker.invocations().size();

        InvocationException denied = assertThrows(InvocationException.class,
                () -> qrCallback.platform().invoker().invoke(w.c.platform().names().kbankAddCardFunction(), Map.of("orderId", "1")));

        assertTrue(denied.getMessage().contains("is not authorized to perform: lambda:InvokeFunction on resource: "
                + "arn:aws:lambda:ap-southeast-1:000000000000:function:" + w.c.platform().names().kbankAddCardFunction() + ":live"),
                denied.getMessage());
        assertEquals(queued, w.invoker.invocations().size(), "nothing was queued");
    }
}
