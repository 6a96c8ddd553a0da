package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outcomes reports and ProcessPaidOrder's rows store by name: every name written before reads back as it
 * meant, each table's own spelling of a refusal is kept, and a name this build does not know reads as UNKNOWN.
 */
class StoredVocabulariesTest {

    @Test
    void aQrCallbackRecordKeepsItsSpellingOfEachOutcome() {
        assertEquals("ACCEPTED", ReportOutcome.paid(true).asCallbackOutcome());
        assertEquals("REPLAY", ReportOutcome.paid(false).asCallbackOutcome());
        assertEquals("PENDING", ReportOutcome.PENDING.asCallbackOutcome());
        assertEquals("FAILED", ReportOutcome.FAILED.asCallbackOutcome());
        assertEquals("REJECTED_ORDER_ALREADY_PAID",
                ReportOutcome.refused(RejectionReason.ORDER_ALREADY_PAID.name()).asCallbackOutcome());
    }

    @Test
    void aQrNotificationRecordKeepsItsSpellingOfEachOutcome() {
        assertEquals("NOT_PAID_NOTIFIED", ReportOutcome.NOT_PAID_NOTIFIED.asNotifyOutcome());
        assertEquals("REFUSED_UNKNOWN_CHARGE", ReportOutcome.refused("UNKNOWN_CHARGE").asNotifyOutcome());
        assertEquals("REFUSED_UNAVAILABLE", ReportOutcome.refused("UNAVAILABLE").asNotifyOutcome());
    }

    @Test
    void everyStoredReportOutcomeReadsBackAsItMeant() {
        for (String stored : List.of("ACCEPTED", "REPLAY", "PENDING", "FAILED", "NOT_PAID_NOTIFIED")) {
            ReportOutcome read = ReportOutcome.fromStored(stored);
            assertEquals(stored, read.kind().name());
            assertEquals(Optional.empty(), read.reason());
        }
        ReportOutcome rejected = ReportOutcome.fromStored("REJECTED_AMOUNT_MISMATCH");
        ReportOutcome refused = ReportOutcome.fromStored("REFUSED_AMOUNT_MISMATCH");
        assertEquals(rejected, refused, "both tables' spellings are one refusal");
        assertEquals(ReportOutcome.Kind.REFUSED, rejected.kind());
        assertEquals(Optional.of(RejectionReason.AMOUNT_MISMATCH), rejected.reason());
        assertEquals("REJECTED_AMOUNT_MISMATCH", rejected.asCallbackOutcome(), "written back as it was read");
        ReportOutcome unavailable = ReportOutcome.fromStored("REFUSED_UNAVAILABLE");
        assertEquals("UNAVAILABLE", unavailable.code());
        assertEquals(Optional.empty(), unavailable.reason(), "a failure kind, not a refusal's reason");
        assertNull(ReportOutcome.fromStored(null));
    }

    @Test
    void aReportOutcomeThisBuildDoesNotKnowReadsAsUnknownAndIsNeverWritten() {
        ReportOutcome later = ReportOutcome.fromStored("ACCEPTED_LATE");

        assertEquals(ReportOutcome.Kind.UNKNOWN, later.kind());
        assertEquals("ACCEPTED_LATE", later.code(), "the stored text is kept for the person who reads it");
        assertEquals(ReportOutcome.Kind.UNKNOWN, ReportOutcome.fromStored("REJECTED_").kind(), "a prefix alone");
        assertThrows(IllegalStateException.class, later::asCallbackOutcome);
        assertThrows(IllegalArgumentException.class, () -> new ReportOutcome(ReportOutcome.Kind.REFUSED, null));
        assertThrows(IllegalArgumentException.class, () -> new ReportOutcome(ReportOutcome.Kind.ACCEPTED, "X"));
    }

    @Test
    void everyProcessPaidOrderRowOutcomeReadsBackAndAnUnknownOneReadsAsUnknown() {
        for (ProcessedAs written : ProcessedAs.values()) {
            if (written != ProcessedAs.UNKNOWN) {
                assertEquals(written, ProcessedAs.fromStored(written.stored()));
            }
        }
        assertEquals(List.of("PAID", "ALREADY_PAID", "NOT_PAID"), List.of(PaidOrderProcessor.Outcome.values()).stream()
                .map(o -> ProcessedAs.valueOf(o.name()).stored()).toList(), "the answer's names are the row's");
        assertEquals(ProcessedAs.UNKNOWN, ProcessedAs.fromStored("REFUNDED"));
        assertNull(ProcessedAs.fromStored(null));
        assertThrows(IllegalStateException.class, ProcessedAs.UNKNOWN::stored);
    }
}
