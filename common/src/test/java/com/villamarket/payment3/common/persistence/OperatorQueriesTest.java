package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read-only queries the operator's tools (the story command) make, on moto's DynamoDB with the template's indexes. */
class OperatorQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static LocalSuite suite;
    private static Names names;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        names = new Names(suite.branch());
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    void theQrChargesOfAnOrderAreFoundThroughItsOrderIndexOldestFirst() {
        QrPaymentRecordRepository records = new QrPaymentRecordRepository(suite.dynamoDb(), names.qrPaymentRecordTable());
        OrderId order = new OrderId("660000000001");
        records.recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_q2"), order, T0.plusSeconds(60), true, Money.of("5")));
        records.recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_q1"), order, T0, false, Money.of("5")));
        records.recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_q3"), new OrderId("660000000002"), T0,
                true, Money.of("5")));

        List<QrPaymentRecord> found = records.forOrder(order);

        assertEquals(List.of("chrg_test_q1", "chrg_test_q2"), found.stream().map(r -> r.chargeId().value()).toList());
        assertTrue(found.get(1).paid(), "each record is read whole from the table, not from the keys-only index");
        assertEquals(List.of(), records.forOrder(new OrderId("660000000009")));
    }

    @Test
    void theKBankOrdersOfAShopOrderAreFoundThroughItsOrderIndex() {
        KBankOrderRepository orders = new KBankOrderRepository(suite.dynamoDb(), names.kbankOrderTable());
        orders.record(new KBankOrder("6600000000031772359200.5", new OrderId("660000000003"), "order_test_b", Money.of("7"), "qr",
                T0.plusSeconds(5), true, null));
        orders.record(new KBankOrder("6600000000031772359100.5", new OrderId("660000000003"), "order_test_a", Money.of("7"), "qr",
                T0, true, null));
        orders.record(new KBankOrder("6600000000041772359100.5", new OrderId("660000000004"), "order_test_c", Money.of("7"), "qr",
                T0, true, null));

        List<KBankOrder> found = orders.forOrder(new OrderId("660000000003"));

        assertEquals(List.of("order_test_a", "order_test_b"), found.stream().map(KBankOrder::kbankOrderId).toList());
        assertTrue(found.get(0).pending());
    }

    @Test
    void errorLogEntriesNamingAnOrderOrAChargeAreFoundWithoutTheirRawEvents() {
        CallbackErrorLogRepository log = new CallbackErrorLogRepository(suite.dynamoDb(), names.callbackErrorLogTable());
        String byOrder = entry(log, "660000000005", null, T0.plusSeconds(2));
        String byCharge = entry(log, null, "chrg_test_e1", T0.plusSeconds(1));
        entry(log, "660000000006", "chrg_test_e2", T0);
        entry(log, "", "", T0);

        CallbackErrorLogRepository.Mentions found = log.mentioning(Set.of(new OrderId("660000000005")), Set.of(new ChargeId("chrg_test_e1")), 1_000);

        assertEquals(List.of(byCharge, byOrder), found.entries().stream().map(CallbackError::errorId).toList());
        assertTrue(found.complete());
        assertNull(found.entries().get(0).rawEvent(), "raw events can hold card tokens and are not read");
        assertEquals("AMOUNT_MISMATCH", found.entries().get(0).errorType());
        assertEquals(List.of(), log.mentioning(Set.of(), Set.of(), 1_000).entries());
    }

    @Test
    void theErrorLogScanStopsAtItsBoundAndSaysSo() {
        LocalSuite own = LocalSuite.start();
        try {
            CallbackErrorLogRepository log = new CallbackErrorLogRepository(own.dynamoDb(),
                    new Names(own.branch()).callbackErrorLogTable());
            // 40 entries of 50 KB: more than the 1 MB a scan reads per page, so the scan takes two pages.
            String bigEvent = "x".repeat(50_000);
            for (int i = 0; i < 40; i++) {
                log.record(new CallbackError(UUID.randomUUID().toString(), T0.plusSeconds(i), "qrcallback",
                        ReceivedId.of("660000000007"), null, "failed", "KBANK_UNAVAILABLE", bigEvent, null, false));
            }

            CallbackErrorLogRepository.Mentions bounded = log.mentioning(Set.of(new OrderId("660000000007")), Set.of(), 10);
            CallbackErrorLogRepository.Mentions whole = log.mentioning(Set.of(new OrderId("660000000007")), Set.of(), 1_000);

            assertFalse(bounded.complete(), "stopped after the page that passed the bound");
            assertTrue(bounded.scanned() >= 10 && bounded.scanned() < 40, "scanned " + bounded.scanned());
            assertEquals(bounded.scanned(), bounded.entries().size());
            assertTrue(whole.complete());
            assertEquals(40, whole.scanned());
            assertEquals(40, whole.entries().size());
        } finally {
            own.close();
        }
    }

    @Test
    void aSettledCardPaymentCarriesWhatItCameTo() {
        CardPaymentRecordRepository cards = new CardPaymentRecordRepository(suite.dynamoDb(), names.cardPaymentRecordTable());
        CardToken token = new CardToken("tokn_test_settled");
        cards.create(CardPaymentRecord.fresh(token, new OrderId("660000000008"), Money.of("9"), null, false, null, T0));
        assertNull(cards.findByToken(token).orElseThrow().outcome());

        cards.settle(token, SettledAs.NEEDS_REFUND, T0.plusSeconds(1));

        CardPaymentRecord settled = cards.findByToken(token).orElseThrow();
        assertEquals(SettledAs.NEEDS_REFUND, settled.outcome());
        assertFalse(settled.pending());
    }

    private static String entry(CallbackErrorLogRepository log, String orderId, String chargeId, Instant at) {
        String id = UUID.randomUUID().toString();
        log.record(new CallbackError(id, at, "qrcallback", ReceivedId.of(orderId), ReceivedId.of(chargeId), "the amount KBank gives, 1.00, does not match",
                "AMOUNT_MISMATCH", "{\"body\": \"orderId=" + orderId + "\"}", null, false));
        return id;
    }
}
