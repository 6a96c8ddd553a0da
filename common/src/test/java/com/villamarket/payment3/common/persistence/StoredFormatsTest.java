package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the repositories store, attribute by attribute, against PynamoDB's formats, in moto's DynamoDB. */
@LocalSuiteTest
class StoredFormatsTest {

    private static final Instant AT = Instant.parse("2025-05-30T20:56:58.833Z");
    private static LocalSuite suite;
    /** Fixtures and reading back: the admin key. */
    private static Components c;
    /** What writes each table, with its role enforced. */
    private static Components callback;
    private static Components internal;
    private static Components reconcile;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        c = components.admin();
        callback = components.as("QRCallbackFunction");
        internal = components.as("ProcessPaidOrderInternalFunction");
        reconcile = components.as("ReconcileFunction");
    }

    private static Map<String, AttributeValue> rawItem(String table, Map<String, AttributeValue> key) {
        return suite.dynamoDb().getItem(r -> r.tableName(table).key(key)).item();
    }

    @Test
    void qrPaymentRecordIsStoredAsPynamoDbStoresIt() {
        ChargeId charge = new ChargeId("chrg_test_formats1");
        callback.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, new OrderId("002500048744"), AT, true,
                Money.of("6.00")));

        Map<String, AttributeValue> item = rawItem(c.platform().names().qrPaymentRecordTable(),
                Map.of("tokenId", AttributeValue.fromS(charge.value())));
        assertEquals("chrg_test_formats1", item.get("tokenId").s());
        assertEquals("chrg_test_formats1", item.get("chargeId").s());
        assertEquals("002500048744", item.get("orderId").s());
        assertEquals("2025-05-30T20:56:58.833000+0000", item.get("createdAt").s());
        assertEquals(Boolean.TRUE, item.get("status").bool());
        // DynamoDB keeps numbers canonical ("6.00" reads back "6"), as it does for PynamoDB's.
        assertEquals(0, new BigDecimal("6.00").compareTo(new BigDecimal(item.get("paidAmount").n())));
        assertEquals("qr", item.get("payment3Pending").s(), "in the pending index until settled");
        assertFalse(item.containsKey("payment3HandOn"));
    }

    @Test
    void readsAnItemWrittenByPynamoDb() {
        suite.dynamoDb().putItem(r -> r.tableName(c.platform().names().qrPaymentRecordTable()).item(Map.of(
                "tokenId", AttributeValue.fromS("chrg_prod_python1"),
                "orderId", AttributeValue.fromS("002500048744"),
                "chargeId", AttributeValue.fromS("chrg_prod_python1"),
                "createdAt", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"),
                "status", AttributeValue.fromBool(true),
                "paidAmount", AttributeValue.fromN("6"))));

        QrPaymentRecord record = c.tables().qrPaymentRecords().find(new ChargeId("chrg_prod_python1")).orElseThrow();
        assertEquals(AT, record.createdAt());
        assertTrue(record.paid());
        assertEquals(Money.of("6.00"), record.paidAmount());
        assertFalse(record.pending(), "the Python stack's records are not in the pending index");
        assertEquals(StepState.NONE, record.handOn());
    }

    @Test
    void processPaidOrderRowKeepsDataAsJsonStringAndErrorFlagAsBool() {
        internal.tables().processPaidOrderLog().recordAttempt(new ProcessPaidOrderLog(new OrderId("11"), AT, "{\"grandTotal\":6.0}", true,
                PaymentType.QR, new ChargeId("chrg_test_x"), ProcessedAs.NOT_PAID, "no"));

        Map<String, AttributeValue> item = rawItem(c.platform().names().processPaidOrderTable(), Map.of(
                "orderId", AttributeValue.fromS("11"),
                "created_at", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000")));
        assertEquals("{\"grandTotal\":6.0}", item.get("data").s());
        assertEquals(Boolean.TRUE, item.get("is_error").bool());
    }

    @Test
    void twoLogRowsInTheSameMicrosecondBothStay() {
        ProcessPaidOrderLog row = new ProcessPaidOrderLog(new OrderId("12"), AT, "{}", true, PaymentType.QR, null, ProcessedAs.FAILED, "x");
        internal.tables().processPaidOrderLog().recordAttempt(row);
        internal.tables().processPaidOrderLog().recordAttempt(row);

        assertEquals(2, c.tables().processPaidOrderLog().forOrder(new OrderId("12")).size());
    }

    @Test
    void successRowIsWrittenOnce() {
        ProcessPaidOrderLog row = new ProcessPaidOrderLog(new OrderId("13"), AT, "{}", false, PaymentType.QR,
                new ChargeId("chrg_test_y"), ProcessedAs.PAID, null);
        assertTrue(internal.tables().processPaidOrderLog().recordSuccessOnce(row));
        assertFalse(internal.tables().processPaidOrderLog().recordSuccessOnce(row));
        assertEquals(1, c.tables().processPaidOrderLog().forOrder(new OrderId("13")).size());
    }

    @Test
    void orderStoredAsJsonStringIsMarkedPaidAndStaysAJsonString() {
        OrderId id = new OrderId("900000000001");
        suite.dynamoDb().putItem(r -> r.tableName(suite.orderTable()).item(Map.of(
                "orderId", AttributeValue.fromS(id.value()),
                "data", AttributeValue.fromS("{\"grandTotal\": 300.0, \"items\": [{\"sku\": \"A\", \"qty\": 2}]}"))));
        Order order = c.tables().orders().find(id).orElseThrow();
        assertEquals(DataForm.JSON_STRING, order.form());
        assertEquals(Money.of("300.00"), order.grandTotal().orElseThrow());

        ObjectNode header = Json.object().put("isPaid", true).put("paymentId", "chrg_test_s1");
        assertTrue(internal.tables().orders().markPaid(order, header, new ChargeId("chrg_test_s1"), AT));

        Map<String, AttributeValue> item = rawItem(suite.orderTable(), Map.of("orderId", AttributeValue.fromS(id.value())));
        String data = item.get("data").s();
        assertNotNull(data, "data must stay a JSON string");
        assertEquals(Json.parse("{\"grandTotal\":300.0,\"items\":[{\"sku\":\"A\",\"qty\":2}],"
                + "\"payment\":{\"isPaid\":true,\"paymentId\":\"chrg_test_s1\"}}"), Json.parse(data));
        assertTrue(data.contains("300.0"), "the total keeps its written form: " + data);
        assertEquals("chrg_test_s1", item.get(OrderRepository.PAID_CHARGE_ID).s());
        assertEquals("2025-05-30T20:56:58.833000+0000", item.get(OrderRepository.PAID_AT).s());
    }

    @Test
    void orderStoredAsMapIsMarkedPaidInPlaceAndStaysAMap() {
        OrderId id = new OrderId("900000000002");
        suite.dynamoDb().putItem(r -> r.tableName(suite.orderTable()).item(Map.of(
                "orderId", AttributeValue.fromS(id.value()),
                "data", AttributeValue.fromM(Map.of(
                        "grandTotal", AttributeValue.fromN("300.5"),
                        "note", AttributeValue.fromS("leave at door"))))));
        Order order = c.tables().orders().find(id).orElseThrow();
        assertEquals(DataForm.MAP, order.form());
        assertEquals(Money.of("300.50"), order.grandTotal().orElseThrow());

        ObjectNode header = Json.object().put("isPaid", true).put("totalPaid", new BigDecimal("300.50"));
        assertTrue(internal.tables().orders().markPaid(order, header, new ChargeId("chrg_test_m1"), AT));

        Map<String, AttributeValue> data = rawItem(suite.orderTable(),
                Map.of("orderId", AttributeValue.fromS(id.value()))).get("data").m();
        assertEquals("leave at door", data.get("note").s());
        assertEquals(0, new BigDecimal("300.5").compareTo(new BigDecimal(data.get("grandTotal").n())));
        assertEquals(Boolean.TRUE, data.get("payment").m().get("isPaid").bool());
        assertEquals(0, new BigDecimal("300.50").compareTo(
                new BigDecimal(data.get("payment").m().get("totalPaid").n())));
    }

    @Test
    void markPaidRefusesAnOrderChangedSinceItWasRead() {
        OrderId id = new OrderId("900000000003");
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\":10}"), DataForm.JSON_STRING);
        Order read = c.tables().orders().find(id).orElseThrow();
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\":12}"), DataForm.JSON_STRING);

        assertFalse(internal.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_c1"), AT));
        assertFalse(c.tables().orders().find(id).orElseThrow().isPaid());
    }

    @Test
    void markPaidHappensOnceWhateverTheCharge() {
        OrderId id = new OrderId("900000000004");
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\":10}"), DataForm.MAP);
        Order read = c.tables().orders().find(id).orElseThrow();

        assertTrue(internal.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_o1"), AT));
        assertFalse(internal.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_o2"), AT));
        assertEquals("chrg_test_o1", c.tables().orders().find(id).orElseThrow().paidChargeId().value());
    }

    @Test
    void mapOrderAlreadyPaidByThePythonStackIsNotMarkedAgain() {
        OrderId id = new OrderId("900000000005");
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\":10,\"payment\":{\"isPaid\":true}}"), DataForm.MAP);
        Order read = c.tables().orders().find(id).orElseThrow();
        assertTrue(read.isPaid());

        assertFalse(internal.tables().orders().markPaid(read, Json.object().put("isPaid", true), new ChargeId("chrg_test_p1"), AT));
    }

    @Test
    void callbackRecordKeepsEveryCallbackAndIsFoundByCharge() {
        QrCallbackRecord record = new QrCallbackRecord(ReceivedId.of("002500048799"), AT, ReceivedId.of("chrg_test_cb1"), "success", "6",
                ReportOutcome.ACCEPTED, null, "{\"body\":\"x\"}", "req-1");
        callback.tables().qrCallbackRecords().record(record);
        callback.tables().qrCallbackRecords().record(record);

        assertEquals(2, c.tables().qrCallbackRecords().forOrder(new OrderId("002500048799")).size());
        assertEquals(2, c.tables().qrCallbackRecords().forCharge(new ChargeId("chrg_test_cb1")).size());
        Map<String, AttributeValue> item = rawItem(c.platform().names().qrCallbackRecordTable(), Map.of(
                "orderId", AttributeValue.fromS("002500048799"),
                "created_at", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000")));
        assertEquals("{\"body\":\"x\"}", item.get("event").s());
    }

    @Test
    void handOnIsClaimedOnlyForTheBoundOrderAndSettlingTakesThePaymentOutOfThePendingIndex() {
        ChargeId charge = new ChargeId("chrg_test_claim1");
        OrderId order = new OrderId("002500048800");
        callback.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, order, AT, true, Money.of("6")));
        OnceOnly once = callback.platform().once();

        assertInstanceOf(OnceOnly.Unmet.class, once.claim(callback.tables().qrPaymentRecords().handOn(charge), OnceOnly.LEASE,
                QrPaymentRecordRepository.boundTo(new OrderId("002500048801"))), "another order");
        assertInstanceOf(OnceOnly.Taken.class, once.claim(callback.tables().qrPaymentRecords().handOn(charge), OnceOnly.LEASE,
                QrPaymentRecordRepository.boundTo(order)));
        assertTrue(c.tables().qrPaymentRecords().find(charge).orElseThrow().handOn().isInProgress());
        assertTrue(reconcile.tables().qrPaymentRecords().pendingBefore(AT.plusSeconds(1)).stream().anyMatch(r -> r.chargeId().equals(charge)));

        assertTrue(reconcile.tables().qrPaymentRecords().settle(charge, SettledAs.PAID, AT));
        assertFalse(reconcile.tables().qrPaymentRecords().settle(charge, SettledAs.FAILED, AT), "the first settlement wins");
        QrPaymentRecord settled = c.tables().qrPaymentRecords().find(charge).orElseThrow();
        assertFalse(settled.pending());
        assertEquals(SettledAs.PAID, settled.outcome());
        assertTrue(reconcile.tables().qrPaymentRecords().pendingBefore(AT.plusSeconds(1)).stream().noneMatch(r -> r.chargeId().equals(charge)));
    }
}
