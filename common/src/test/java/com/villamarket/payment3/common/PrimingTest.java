package com.villamarket.payment3.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.snapstart.Priming;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.LocalSuite;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming runs every warmed path against real parts, touches no data, and never throws; it primes with
 * a function's own order table reads (here the QR callback's, its role enforced).
 */
@LocalSuiteTest
class PrimingTest {

    private static final String FUNCTION = "QRCallbackFunction";

    @Test
    void primingRunsItsPathsAgainstTheLocalDynamoDbAndCallsNoKBank(LocalSuite suite, TestComponents test) {
        CapturedLog log = CapturedLog.start();
        try (log) {
            Priming.prime(test.as(FUNCTION).tables().orders());
        }
        assertTrue(log.text().contains("primed for the snapshot"), log.text());
        assertEquals(0, suite.kbank().calls("GET", "/qr/v2/qr/chrg_test_priming"));
        assertEquals(0, suite.dynamoDb().scan(r -> r.tableName(suite.orderTable())).count(), "nothing written");
        // A refused read would have been logged as "priming failed": the function's role allows what priming reads.
        assertTrue(suite.front().calls().stream().anyMatch(call -> call.function().equals(FUNCTION)
                && call.action().equals("dynamodb:GetItem") && call.allowed()), suite.front().calls().toString());
    }

    @Test
    void registeringOnAJvmWithoutCracIsHarmless(TestComponents test) {
        Priming.register(test.as(FUNCTION).tables()::orders);
    }
}
