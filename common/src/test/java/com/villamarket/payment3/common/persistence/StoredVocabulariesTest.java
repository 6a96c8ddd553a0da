package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcomes reports and ProcessPaidOrder's rows store by name, through their tables' models: every name
 * written before reads back as it meant, each table's own spelling of a refusal is kept, a row without one (the
 * Python stack's) reads as none, and a name this build does not know reads as UNKNOWN and is never written.
 */
class StoredVocabulariesTest {

    private static final Instant AT = Instant.parse("2025-05-30T20:56:58.833Z");

    private static String storedByCallbackRecord(ReportOutcome outcome) {
        return QrCallbackRecordRepository.SCHEMA.get().itemToMap(new QrCallbackRecord(ReceivedId.of("1"), AT, null, null, null, outcome,
                null, "{}", null), true).get("outcome").s();
    }

    private static ReportOutcome readByCallbackRecord(String stored) {
        return QrCallbackRecordRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"), "outcome", s(stored))).outcome();
    }

    private static String storedByNotifyRecord(ReportOutcome outcome) {
        return QrNotifyRepository.SCHEMA.get().itemToMap(new QrNotify("p1", AT, "00", outcome, null, "{}"), true)
                .get("outcome").s();
    }

    private static ReportOutcome readByNotifyRecord(String stored) {
        return QrNotifyRepository.SCHEMA.get().mapToItem(Map.of("partnerTxnUid", s("p1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"), "outcome", s(stored))).outcome();
    }

    private static String storedByProcessPaidOrderRow(ProcessedAs outcome) {
        return ProcessPaidOrderLogRepository.SCHEMA.get().itemToMap(new ProcessPaidOrderLog(new OrderId("1"), AT, "{}", false, PaymentType.QR,
                null, outcome, null), true).get("outcome").s();
    }

    private static ProcessPaidOrderLog processPaidOrderRow(Map<String, AttributeValue> item) {
        return ProcessPaidOrderLogRepository.SCHEMA.get().mapToItem(item);
    }

    private static AttributeValue s(String text) {
        return AttributeValue.fromS(text);
    }

    @Test
    void aQrCallbackRecordKeepsItsSpellingOfEachOutcome() {
        assertEquals("ACCEPTED", storedByCallbackRecord(ReportOutcome.paid(true)));
        assertEquals("REPLAY", storedByCallbackRecord(ReportOutcome.paid(false)));
        assertEquals("PENDING", storedByCallbackRecord(ReportOutcome.PENDING));
        assertEquals("FAILED", storedByCallbackRecord(ReportOutcome.FAILED));
        assertEquals("REJECTED_ORDER_ALREADY_PAID", storedByCallbackRecord(ReportOutcome.refused("ORDER_ALREADY_PAID")));
    }

    @Test
    void aQrNotificationRecordKeepsItsSpellingOfEachOutcome() {
        assertEquals("ACCEPTED", storedByNotifyRecord(ReportOutcome.ACCEPTED));
        assertEquals("NOT_PAID_NOTIFIED", storedByNotifyRecord(ReportOutcome.NOT_PAID_NOTIFIED));
        assertEquals("REFUSED_UNKNOWN_CHARGE", storedByNotifyRecord(ReportOutcome.refused("UNKNOWN_CHARGE")));
        assertEquals("REFUSED_UNAVAILABLE", storedByNotifyRecord(ReportOutcome.refused("UNAVAILABLE")));
    }

    @Test
    void everyStoredReportOutcomeReadsBackAsItMeant() {
        for (String stored : List.of("ACCEPTED", "REPLAY", "PENDING", "FAILED", "NOT_PAID_NOTIFIED")) {
            assertEquals(stored, readByCallbackRecord(stored).kind().name());
            assertEquals(stored, readByNotifyRecord(stored).kind().name());
            assertNull(readByCallbackRecord(stored).code());
        }
        ReportOutcome rejected = readByCallbackRecord("REJECTED_AMOUNT_MISMATCH");
        ReportOutcome refused = readByNotifyRecord("REFUSED_AMOUNT_MISMATCH");
        assertEquals(rejected, refused, "both tables' spellings are one refusal");
        assertEquals(ReportOutcome.Kind.REFUSED, rejected.kind());
        assertEquals("AMOUNT_MISMATCH", rejected.code());
        assertEquals("REJECTED_AMOUNT_MISMATCH", storedByCallbackRecord(rejected), "written back as it was read");
        assertEquals("REFUSED_AMOUNT_MISMATCH", storedByNotifyRecord(rejected), "in each table's spelling");
        assertEquals("UNAVAILABLE", readByNotifyRecord("REFUSED_UNAVAILABLE").code());
    }

    @Test
    void aReportRecordWithoutAnOutcomeReadsAsNone() {
        assertNull(QrCallbackRecordRepository.SCHEMA.get().mapToItem(Map.of("orderId", s("1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"))).outcome());
        assertNull(QrNotifyRepository.SCHEMA.get().mapToItem(Map.of("partnerTxnUid", s("p1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"))).outcome());
        assertNull(ReportOutcome.fromStored(null));
    }

    @Test
    void aReportOutcomeThisBuildDoesNotKnowReadsAsUnknownAndIsNeverWritten() {
        ReportOutcome later = readByCallbackRecord("ACCEPTED_LATE");

        assertEquals(ReportOutcome.Kind.UNKNOWN, later.kind());
        assertEquals("ACCEPTED_LATE", later.code(), "the stored text is kept for the person who reads it");
        assertEquals(ReportOutcome.Kind.UNKNOWN, readByNotifyRecord("REFUSED_").kind(), "a prefix alone");
        assertThrows(IllegalStateException.class, () -> storedByCallbackRecord(later));
        assertThrows(IllegalStateException.class, () -> storedByNotifyRecord(later));
        assertThrows(IllegalArgumentException.class, () -> new ReportOutcome(ReportOutcome.Kind.REFUSED, null));
        assertThrows(IllegalArgumentException.class, () -> new ReportOutcome(ReportOutcome.Kind.ACCEPTED, "X"));
    }

    @Test
    void everyProcessPaidOrderRowOutcomeReadsBackAndAnUnknownOneReadsAsUnknown() {
        for (ProcessedAs written : ProcessedAs.values()) {
            if (written != ProcessedAs.UNKNOWN) {
                String stored = storedByProcessPaidOrderRow(written);
                assertEquals(written.name(), stored);
                assertEquals(written, processPaidOrderRow(Map.of("orderId", s("1"),
                        "created_at", s("2025-05-30T20:56:58.833000+0000"), "outcome", s(stored))).outcome());
            }
        }
        assertEquals(ProcessedAs.UNKNOWN, processPaidOrderRow(Map.of("orderId", s("1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"), "outcome", s("REFUNDED"))).outcome());
        assertNull(processPaidOrderRow(Map.of("orderId", s("1"), "created_at", s("2025-05-30T20:56:58.833000+0000"),
                "is_error", AttributeValue.fromBool(false))).outcome(), "a row without an outcome (the Python stack's)");
        assertThrows(IllegalArgumentException.class, () -> storedByProcessPaidOrderRow(ProcessedAs.UNKNOWN));
    }

    @Test
    void aProcessPaidOrderRowKeepsItsSpellingOfThePaymentTypeAndAnUnknownOneReadsAsUnknown() {
        for (PaymentType written : List.of(PaymentType.QR, PaymentType.CARD)) {
            Map<String, AttributeValue> item = ProcessPaidOrderLogRepository.SCHEMA.get().itemToMap(new ProcessPaidOrderLog(
                    new OrderId("1"), AT, "{}", false, written, null, ProcessedAs.PAID, null), true);
            assertEquals(written.name().toLowerCase(java.util.Locale.ROOT), item.get("paymentType").s(), "as the Python stack spells it");
            assertEquals(written, processPaidOrderRow(item).paymentType());
        }
        assertEquals(PaymentType.UNKNOWN, processPaidOrderRow(Map.of("orderId", s("1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"), "paymentType", s("wechat"))).paymentType());
        assertEquals(PaymentType.UNKNOWN, processPaidOrderRow(Map.of("orderId", s("1"),
                "created_at", s("2025-05-30T20:56:58.833000+0000"), "paymentType", s("QR"))).paymentType(),
                "a spelling other than the one written");
        assertNull(processPaidOrderRow(Map.of("orderId", s("1"), "created_at", s("2025-05-30T20:56:58.833000+0000")))
                .paymentType(), "a row of a payload that could not be read has none");
        assertThrows(IllegalStateException.class, () -> ProcessPaidOrderLogRepository.SCHEMA.get().itemToMap(
                new ProcessPaidOrderLog(new OrderId("1"), AT, "{}", false, PaymentType.UNKNOWN, null, ProcessedAs.PAID, null),
                true));
    }
}
