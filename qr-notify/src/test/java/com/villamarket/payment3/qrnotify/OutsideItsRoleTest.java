package com.villamarket.payment3.qrnotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.AwsFront;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QRNotifyFunction with its role enforced as on AWS: deployed against another stack's tables (its {@code BRANCH} and
 * order table not this stack's), every call it makes there is refused by AWS's permissions front as AWS refuses
 * it ({@code AccessDeniedException}), nothing reaches DynamoDB, and the function answers as below (a call its role
 * refuses is a configuration defect: it pages at once).
 */
@LocalSuiteTest
class OutsideItsRoleTest {

    @Test
    void aCallOutsideItsRoleIsAccessDeniedAndKBankIsToldToSendAgain(TestComponents.Builder parts) {
        TestComponents elsewhere = parts.onAnotherStack().build();

        CapturedLog log = CapturedLog.start();
        Handlers.ApiAnswer answer;
        try (log) {
            answer = Handlers.api(new QrNotifyHandler(elsewhere.function()), Handlers.event("qr-notify/paid.json"));
        }

        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"statusCode\":\"10\""), answer.body());
        List<AwsFront.Call> refused = elsewhere.refused();
        assertTrue(refused.contains(new AwsFront.Call("QRNotifyFunction", "dynamodb:GetItem", TestComponents.tableArn("payment3-kbank-order-elsewhere"), false)), refused.toString());
        assertTrue(refused.contains(new AwsFront.Call("QRNotifyFunction", "dynamodb:PutItem", TestComponents.tableArn("payment3-callback-error-log-elsewhere"), false)), refused.toString());
        assertTrue(refused.stream().allMatch(call -> call.resource().contains("elsewhere")), refused.toString());
        // A call the role refuses is no outage a retry outlasts: a configuration defect, which pages at once.
        assertEquals(1, elsewhere.mailSubjects().size(), elsewhere.mailSubjects().toString());
        // Its own record of what came was refused too: counted, for the alarm, not only logged.
        assertTrue(refused.contains(new AwsFront.Call("QRNotifyFunction", "dynamodb:PutItem", TestComponents.tableArn("payment3-qr-notify-elsewhere"), false)), refused.toString());
        assertEquals(1, log.metric(Metrics.RECORDS_LOST), log.text());
    }
}
