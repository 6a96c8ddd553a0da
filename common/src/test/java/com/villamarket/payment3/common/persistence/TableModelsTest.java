package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table models' static schemas against items as the Python stack's PynamoDB models store them: what
 * each reads (absent attributes of ours as absent, null or defaults) and writes, attribute by attribute,
 * without a DynamoDB (StoredFormatsTest holds the same through moto's).
 */
class TableModelsTest {

    private static final Instant AT = Instant.parse("2025-05-30T20:56:58.833Z");
    private static final String AT_TEXT = "2025-05-30T20:56:58.833000+0000";

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void aPythonEraOrderReadsWithNoMarkOfOursAndItsDataAsStored() {
        Order order = OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("002500048744"),
                "data", s("{\"grandTotal\": 6.0, \"payment\": {\"isPaid\": false}}")));

        assertEquals(new OrderId("002500048744"), order.orderId());
        assertEquals(DataForm.JSON_STRING, order.form());
        assertEquals("{\"grandTotal\": 6.0, \"payment\": {\"isPaid\": false}}", order.storedData(), "the text as stored");
        assertEquals(Money.of("6.00"), order.grandTotal().orElseThrow());
        assertNull(order.paidChargeId());
        assertNull(order.paidAt());
        assertNull(order.finishedAt());
        assertFalse(order.isPaid());
        for (String step : OrderRepository.STEPS) {
            assertEquals(StepState.NONE, order.step(step));
        }
    }

    @Test
    void anOrderWritesItsDataBackInTheFormFoundAndNothingOfOursItDoesNotHave() {
        ObjectNode data = (ObjectNode) Json.parse("{\"grandTotal\":10}");
        assertEquals(Map.of("orderId", s("1"), "data", s("{\"grandTotal\":10}")),
                OrderRepository.SCHEMA.get().itemToMap(Order.of(new OrderId("1"), data, DataForm.JSON_STRING), true));
        assertEquals(Map.of("orderId", s("2"), "data", AttributeValue.fromM(Map.of("grandTotal", AttributeValue.fromN("10")))),
                OrderRepository.SCHEMA.get().itemToMap(Order.of(new OrderId("2"), data, DataForm.MAP), true));
    }

    @Test
    void anOrderReadsOurMarkersAndSteps() {
        Order order = OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("3"), "data", s("{}"),
                OrderRepository.PAID_CHARGE_ID, s("chrg_test_1"), OrderRepository.PAID_AT, s(AT_TEXT),
                OrderRepository.NOTIFY, AttributeValue.fromM(Map.of("state", s("DONE"), "claimedAt", s(AT_TEXT),
                        "doneAt", s(AT_TEXT)))));

        assertEquals("chrg_test_1", order.paidChargeId().value());
        assertEquals(AT, order.paidAt());
        assertTrue(order.step(OrderRepository.NOTIFY).isDone());
        assertEquals(AT, order.step(OrderRepository.NOTIFY).doneAt());
        assertEquals(StepState.NONE, order.step(OrderRepository.PAY));
    }

    @Test
    void anOrderWithoutDataOrWithDataThatIsNotJsonIsBadData() {
        assertThrows(StoredDataException.class, () -> OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("4"))));
        assertThrows(StoredDataException.class,
                () -> OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("5"), "data", s("{not json"))));
        assertThrows(StoredDataException.class,
                () -> OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("6"), "data", s("[1]"))));
    }

    @Test
    void aPythonEraQrPaymentRecordIsNeitherPendingNorHandedOn() {
        QrPaymentRecord record = QrPaymentRecordRepository.SCHEMA.get().mapToItem(Map.of("tokenId", s("chrg_prod_1"),
                "chargeId", s("chrg_prod_1"), "orderId", s("002500048744"), "createdAt", s(AT_TEXT),
                "status", AttributeValue.fromBool(true), "paidAmount", AttributeValue.fromN("6")));

        assertEquals(new ChargeId("chrg_prod_1"), record.chargeId());
        assertEquals(new OrderId("002500048744"), record.orderId());
        assertEquals(AT, record.createdAt());
        assertTrue(record.paid());
        assertEquals(Money.of("6.00"), record.paidAmount());
        assertFalse(record.pending());
        assertEquals(StepState.NONE, record.handOn());
        assertNull(record.outcome());
    }

    @Test
    void aQrPaymentRecordIsWrittenAsThePythonStackWritesItWithThePendingMarkerBeside() {
        QrPaymentRecord fresh = QrPaymentRecord.fresh(new ChargeId("chrg_test_1"), new OrderId("7"), AT, false, null);

        assertEquals(Map.of("tokenId", s("chrg_test_1"), "chargeId", s("chrg_test_1"), "orderId", s("7"),
                        "createdAt", s(AT_TEXT), "status", AttributeValue.fromBool(false), "payment3Pending", s("qr")),
                QrPaymentRecordRepository.SCHEMA.get().itemToMap(fresh, true), "no amount when none is known, no step");
    }

    @Test
    void aKBankUserMappingWrittenByThePythonStackReadsWithNoCreationStep() {
        KBankUserMapping mapping = KBankUserMappingRepository.SCHEMA.get().mapToItem(Map.of("ownerId", s("owner-1"),
                "kbank_id", s("cust_1")));

        assertEquals(new com.villamarket.payment3.common.ids.OwnerId("owner-1"), mapping.ownerId());
        assertEquals("cust_1", mapping.kbankId());
        assertEquals(StepState.NONE, mapping.creation());
        assertEquals(Map.of("ownerId", s("owner-1"), "kbank_id", s("cust_1")),
                KBankUserMappingRepository.SCHEMA.get().itemToMap(mapping, true), "a step is never written through the model");
    }

    @Test
    void aPythonEraErrorLogEntryReadsUnresolvedAndNeverReplayed() {
        Map<String, AttributeValue> item = Map.of("errorId", s("e1"), "created_at", s(AT_TEXT),
                "function_name", s("qrcallback"), "error", s("failed"), "event", s("{}"));
        CallbackError entry = CallbackErrorLogRepository.SCHEMA.get().mapToItem(item);

        assertEquals(AT, entry.createdAt());
        assertEquals("qrcallback", entry.functionName());
        assertNull(entry.orderId());
        assertFalse(entry.resolved());
        assertEquals(new CallbackErrorLogRepository.ReplayState(0, null, null),
                CallbackErrorLogRepository.REPLAY_SCHEMA.get().mapToItem(item, true));
    }

    @Test
    void anErrorLogEntryAndAQrCallbackRecordKeepTheirIdsAsReceivedWhateverTheyAre() {
        ReceivedId garbage = ReceivedId.of("order #7' OR 1=1");
        ReceivedId charge = ReceivedId.of("chrg-not-a-charge");
        Map<String, AttributeValue> entry = CallbackErrorLogRepository.SCHEMA.get().itemToMap(new CallbackError("e3", AT,
                "kbankorder", garbage, charge, "refused", "MALFORMED", "{}", null, false), true);
        Map<String, AttributeValue> callback = QrCallbackRecordRepository.SCHEMA.get().itemToMap(new QrCallbackRecord(
                ReceivedId.of(QrCallbackRecord.NO_ORDER), AT, null, "success", "6", ReportOutcome.refused("MALFORMED"), "bad", "{}", null),
                true);

        assertEquals(s("order #7' OR 1=1"), entry.get("orderId"), "stored as received, as text");
        assertEquals(s("chrg-not-a-charge"), entry.get("chargeId"));
        CallbackError read = Models.read("error-log-test", CallbackErrorLogRepository.SCHEMA.get(), entry);
        assertEquals(garbage, read.orderId(), "read back as received, never bad data");
        assertEquals(charge, read.chargeId());
        assertTrue(read.orderId().orderId().isEmpty());
        assertEquals(s("-"), callback.get("orderId"));
        Map<String, AttributeValue> pythonEra = new HashMap<>(callback);
        pythonEra.put("orderId", s("ORDER 12 "));
        pythonEra.put("chargeId", s("12345"));
        QrCallbackRecord odd = Models.read("qr-callback-test", QrCallbackRecordRepository.SCHEMA.get(), pythonEra);
        assertEquals(ReceivedId.of("ORDER 12 "), odd.orderId(), "a record of another shape reads as it is");
        assertEquals(ReceivedId.of("12345"), odd.chargeId());
    }

    @Test
    void anErrorLogEntryCapsItsRawEventToFitAnItem() {
        String event = "x".repeat(StoredText.MAX_EVENT_CHARS + 10);
        Map<String, AttributeValue> item = CallbackErrorLogRepository.SCHEMA.get().itemToMap(new CallbackError("e2", AT,
                "qrcallback", null, null, "failed", "X", event, null, false), true);

        assertEquals(StoredText.cap(event), item.get("event").s());
        assertEquals(AttributeValue.fromBool(false), item.get("resolved"));
        assertFalse(item.containsKey("orderId"), "a null is left out, as PynamoDB leaves it out");
    }

    @Test
    void logRowsKeepTheirStoredTypes() {
        assertEquals(Map.of("orderId", s("8"), "created_at", s(AT_TEXT), "data", s("{\"a\":1}"),
                        "is_error", AttributeValue.fromBool(true), "outcome", s("FAILED")),
                ProcessPaidOrderLogRepository.SCHEMA.get().itemToMap(new ProcessPaidOrderLog(new OrderId("8"), AT, "{\"a\":1}", true, null,
                        null, ProcessedAs.FAILED, null), true));
        CheckStatus check = CheckStatusRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("9"), "created_at", s(AT_TEXT),
                "status", s("success"), "amount", AttributeValue.fromN("6.5")));
        assertTrue(check.success(), "a row that says success by its status alone reads as a success");
        assertEquals(Money.of("6.50"), check.amount());
        assertEquals(s(""), QrNotifyRepository.SCHEMA.get().itemToMap(new QrNotify("p1", AT, null, ReportOutcome.ACCEPTED, null, "{}"), true)
                .get("statusCode"), "a notification without a status code stores an empty one");
    }

    @Test
    void aPythonEraCardPaymentRecordHasNoAmountNoTimeAndNothingOfOurs() {
        CardPaymentRecord record = CardPaymentRecordRepository.SCHEMA.get().mapToItem(Map.of("tokenId", s("tokn_test_py1"),
                "orderId", s("492500005644"), "chargeId", s("chrg_test_py1"), "status", AttributeValue.fromBool(true),
                "checksumVerified", AttributeValue.fromBool(false)));

        assertEquals(new CardToken("tokn_test_py1"), record.tokenId());
        assertEquals(new OrderId("492500005644"), record.orderId());
        assertEquals(new ChargeId("chrg_test_py1"), record.chargeId());
        assertTrue(record.paid());
        assertNull(record.amount(), "the Python stack's card records carry no amount");
        assertNull(record.createdAt());
        assertFalse(record.saveCard());
        assertFalse(record.pending());
        assertEquals(StepState.NONE, record.handOn());
        assertNull(record.outcome());
        assertEquals(List.of(), record.keptCharges());
    }

    @Test
    void aStoredCardPaymentRecordWhoseIdsAreNotInTheirShapeIsBadDataThatPagesNotACrash() {
        Map<String, AttributeValue> python = Map.of("tokenId", s("tokn_test_py2"), "orderId", s("492500005644"),
                "chargeId", s("chrg_test_py2"), "status", AttributeValue.fromBool(true));
        for (Map.Entry<String, String> odd : Map.of("tokenId", "4242-4242", "orderId", "order #7", "chargeId", "chrg-7",
                "ownerId", "a b", "payment3KeptCharges", "x").entrySet()) {
            Map<String, AttributeValue> item = new HashMap<>(python);
            item.put(odd.getKey(), odd.getKey().equals("payment3KeptCharges") ? AttributeValue.fromSs(List.of(
                    odd.getValue())) : s(odd.getValue()));

            StoredDataException e = assertThrows(StoredDataException.class,
                    () -> Models.read("payment3-card-payment-record-test", CardPaymentRecordRepository.SCHEMA.get(), item),
                    odd.getKey());

            assertTrue(e.getMessage().contains("payment3-card-payment-record-test"), e.getMessage());
            Failure failure = Failure.of(e);
            assertEquals(FailureKind.STORED_DATA, failure.kind(), "the payment's request fails as our bad data");
            assertTrue(failure.kind().defect(), "its error log entry pages a person");
        }
    }

    @Test
    void anOrdersChargeOfOursIsAChargeIdAndItsHeadersIsKeptAsTheShopsDataHoldsIt() {
        Order python = OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("002500048745"),
                "data", s("{\"payment\": {\"isPaid\": true, \"paymentId\": \"PY-2024-0007\"}}")));
        assertNull(python.paidChargeId());
        assertEquals("PY-2024-0007", python.paidBy(), "a header's id of no charge id's shape still says who paid");
        Order ours = OrderRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("002500048746"), "data", s("{}"),
                "payment3PaidChargeId", s("chrg_test_o7")));
        assertEquals(new ChargeId("chrg_test_o7"), ours.paidChargeId());
        assertEquals("chrg_test_o7", ours.paidBy());

        StoredDataException e = assertThrows(StoredDataException.class, () -> Models.read("order-table-test",
                OrderRepository.SCHEMA.get(), Map.of("orderId", s("002500048747"), "data", s("{}"),
                        "payment3PaidChargeId", s("chrg-7"))));
        assertEquals(FailureKind.STORED_DATA, Failure.of(e).kind());
    }

    @Test
    void aCardPaymentRecordKeepsItsChargesAsAStringSetOfChargeIds() {
        CardPaymentRecord record = CardPaymentRecordRepository.SCHEMA.get().mapToItem(Map.of("tokenId", s("tokn_test_k1"),
                "orderId", s("492500005644"), "payment3KeptCharges", AttributeValue.fromSs(List.of("chrg_test_k1",
                        "chrg_test_k2"))));

        assertEquals(Set.of(new ChargeId("chrg_test_k1"), new ChargeId("chrg_test_k2")),
                Set.copyOf(record.keptCharges()));
        assertEquals(Set.of("chrg_test_k1", "chrg_test_k2"), Set.copyOf(
                CardPaymentRecordRepository.SCHEMA.get().itemToMap(record, true).get("payment3KeptCharges").ss()));
    }

    @Test
    void aCardPaymentRecordWritesItsAmountAsANumberAndNoEmptySet() {
        Map<String, AttributeValue> item = CardPaymentRecordRepository.SCHEMA.get().itemToMap(CardPaymentRecord.fresh(
                new CardToken("tokn_test_w1"), new OrderId("492500005644"), Money.of("9.50"), null, true, null, AT), true);

        assertEquals(AttributeValue.fromN("9.50"), item.get("amount"));
        assertEquals(AttributeValue.fromBool(true), item.get("saveCard"));
        assertEquals(s("card"), item.get("payment3Pending"));
        assertEquals(s(AT_TEXT), item.get("createdAt"));
        assertFalse(item.containsKey("payment3KeptCharges"), "DynamoDB stores no empty set");
        assertFalse(item.containsKey("callbackUrl"));
    }

    @Test
    void anOutcomeThisBuildDoesNotKnowReadsUnknown() {
        KBankOrder order = KBankOrderRepository.SCHEMA.get().mapToItem(Map.of("referenceOrder", s("ref1"), "orderId", s("1"),
                "amount", AttributeValue.fromN("100"), "payment3Outcome", s("CHARGED_BACK")));

        assertEquals(SettledAs.UNKNOWN, order.outcome());
        assertEquals(Money.of("100.00"), order.amount());
        assertFalse(order.pending());
        assertEquals(SettledAs.PAID, QrPaymentRecordRepository.SCHEMA.get().mapToItem(Map.of("tokenId", s("chrg_test_o1"),
                "orderId", s("1"), "payment3Outcome", s("PAID"))).outcome());
    }

    @Test
    void aLogRowWhoseCheckedIdsAreNotInTheirShapeIsBadData() {
        Map<String, AttributeValue> run = Map.of("orderId", s("492500005644"), "created_at", s(AT_TEXT),
                "chargeId", s("chrg_test_r1"), "paymentType", s("card"), "is_error", AttributeValue.fromBool(false));
        Map<String, AttributeValue> check = Map.of("orderId", s("492500005644"), "created_at", s(AT_TEXT),
                "chargeId", s("chrg_test_r1"), "status", s("success"));
        Map<String, AttributeValue> notify = Map.of("chargeId", s("chrg_test_r1"), "created_at", s(AT_TEXT),
                "orderId", s("492500005644"), "tokenId", s("tokn_test_r1"), "source", s("callback"));
        Map<String, AttributeValue> kbankOrder = Map.of("referenceOrder", s("4925000056441772359100.5"),
                "orderId", s("492500005644"), "kbankOrderId", s("order_test_r1"));

        ProcessPaidOrderLog row = ProcessPaidOrderLogRepository.SCHEMA.get().mapToItem(run);
        assertEquals(new OrderId("492500005644"), row.orderId());
        assertEquals(new ChargeId("chrg_test_r1"), row.chargeId());
        assertEquals(PaymentType.CARD, row.paymentType());
        assertEquals(new ChargeId("chrg_test_r1"), CheckStatusRepository.SCHEMA.get().mapToItem(check).chargeId());
        CreditCardNotify told = CreditCardNotifyRepository.SCHEMA.get().mapToItem(notify);
        assertEquals(new CardToken("tokn_test_r1"), told.tokenId());
        assertEquals(new OrderId("492500005644"), told.orderId());
        assertEquals(new OrderId("492500005644"), KBankOrderRepository.SCHEMA.get().mapToItem(kbankOrder).orderId());

        Map<String, Map<String, AttributeValue>> odd = new java.util.LinkedHashMap<>();
        odd.put("process-paid-order chargeId", with(run, "chargeId", "chrg-7"));
        odd.put("process-paid-order orderId", with(run, "orderId", "order #7"));
        odd.put("check-status chargeId", with(check, "chargeId", "7"));
        odd.put("credit-card-notify orderId", with(notify, "orderId", "order #7"));
        odd.put("credit-card-notify tokenId", with(notify, "tokenId", "4242-4242"));
        odd.put("kbank-order orderId", with(kbankOrder, "orderId", "order #7"));
        for (Map.Entry<String, Map<String, AttributeValue>> item : odd.entrySet()) {
            TableSchema<?> schema = item.getKey().startsWith("process-paid-order") ? ProcessPaidOrderLogRepository.SCHEMA.get()
                    : item.getKey().startsWith("check-status") ? CheckStatusRepository.SCHEMA.get()
                    : item.getKey().startsWith("credit-card-notify") ? CreditCardNotifyRepository.SCHEMA.get()
                    : KBankOrderRepository.SCHEMA.get();

            StoredDataException e = assertThrows(StoredDataException.class,
                    () -> Models.read("payment3-log-test", schema, item.getValue()), item.getKey());

            assertEquals(FailureKind.STORED_DATA, Failure.of(e).kind(), item.getKey());
        }
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, String text) {
        Map<String, AttributeValue> changed = new HashMap<>(item);
        changed.put(name, s(text));
        return changed;
    }
}
