package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The stored outcome of a settled payment: written by its name, read back typed, an unknown name read as UNKNOWN. */
@LocalSuiteTest
class SettledAsTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
    private static LocalSuite suite;
    /** Fixtures and reading back: the admin key. */
    private static Components c;
    /** The QR callback records a charge; reconciliation settles it (each with its role enforced). */
    private static Components callback;
    private static Components reconcile;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        c = components.admin();
        callback = components.as("QRCallbackFunction");
        reconcile = components.as("ReconcileFunction");
    }

    @Test
    void readsEveryWrittenNameBackAndAnyOtherAsUnknown() {
        for (SettledAs outcome : SettledAs.values()) {
            assertEquals(outcome, SettledAs.fromStored(outcome.name()));
        }
        assertNull(SettledAs.fromStored(null), "no outcome: still pending");
        assertEquals(SettledAs.UNKNOWN, SettledAs.fromStored("CHARGED_BACK"));
        assertEquals(SettledAs.UNKNOWN, SettledAs.fromStored("paid"), "names are case-sensitive as stored");
    }

    @Test
    void storesTheNameAndReadsItBackTyped() {
        ChargeId charge = new ChargeId("chrg_test_settledas1");
        callback.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, new OrderId("002500049001"), AT, true,
                Money.of("6.00")));

        assertTrue(new QrChargeLifecycle(reconcile.tables().qrPaymentRecords(), Clock.fixed(AT, ZoneOffset.UTC))
                .settle(charge, SettledUnpaid.NEEDS_REFUND));

        Map<String, AttributeValue> item = suite.dynamoDb().getItem(r -> r.tableName(c.platform().names().qrPaymentRecordTable())
                .key(Map.of("tokenId", AttributeValue.fromS(charge.value())))).item();
        assertEquals("NEEDS_REFUND", item.get("payment3Outcome").s());
        assertEquals(SettledAs.NEEDS_REFUND, c.tables().qrPaymentRecords().find(charge).orElseThrow().outcome());
    }

    @Test
    void anOutcomeALaterBuildWroteReadsAsUnknown() {
        suite.dynamoDb().putItem(r -> r.tableName(c.platform().names().cardPaymentRecordTable()).item(Map.of(
                "tokenId", AttributeValue.fromS("tokn_test_later_outcome"),
                "orderId", AttributeValue.fromS("002500049002"),
                "createdAt", AttributeValue.fromS("2026-11-30T10:00:00.000000+0000"),
                "payment3Outcome", AttributeValue.fromS("CHARGED_BACK"))));

        assertEquals(SettledAs.UNKNOWN, c.tables().cardPaymentRecords().findByToken(new CardToken("tokn_test_later_outcome")).orElseThrow().outcome());
    }

    @Test
    void unknownIsNeverStored() {
        ChargeId charge = new ChargeId("chrg_test_settledas2");
        callback.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, new OrderId("002500049003"), AT, true,
                Money.of("6.00")));

        assertThrows(IllegalArgumentException.class, () -> reconcile.tables().qrPaymentRecords().settle(charge, SettledAs.UNKNOWN, AT));
        assertTrue(c.tables().qrPaymentRecords().find(charge).orElseThrow().pending(), "still pending");
    }
}
