package com.villamarket.payment3.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.snapstart.Priming;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SnapStart priming runs every warmed path against real parts, touches no data, and never throws. */
class PrimingTest {

    @Test
    void primingRunsItsPathsAgainstTheLocalDynamoDbAndCallsNoKBank() {
        try (LocalSuite suite = LocalSuite.start()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream before = Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                Components c = TestComponents.on(suite).components();
                Priming.prime(c.orders());
            } finally {
                Log.redirect(before);
            }
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("primed for the snapshot"), log.toString());
            assertEquals(0, suite.kbank().calls("GET", "/qr/v2/qr/chrg_test_priming"));
            assertEquals(0, suite.dynamoDb().scan(r -> r.tableName(suite.orderTable())).count(), "nothing written");
        }
    }

    @Test
    void registeringOnAJvmWithoutCracIsHarmless() {
        try (LocalSuite suite = LocalSuite.start()) {
            Components c = TestComponents.on(suite).components();
            Priming.register(c.orders());
        }
    }
}
