package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.ops.Verdict.Kind;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A charge KBank authorized, then undid (voided, reversed) after it was handed on, made by the real
 * functions on moto's DynamoDB and the KBank stub: the processing it was handed to finds it unpaid and
 * tells the customer once; reconciliation then settles it FAILED once and never processes it again,
 * however many runs follow; the story no longer says the customer paid.
 */
@StoryTest
class UndoneChargeTest {

    private static StoryHarness h;

    @BeforeAll
    static void start(StoryHarness harness) {
        h = harness;
    }

    @Test
    void aCardChargeKBankVoidsAfterAuthorizingIsHandedOnOnceToldOnceAndSettledFailedOnce() {
        String order = h.order("80.00");
        StoryHarness.CardPayment payment = h.paidAtKBank(order, "owner-voided");
        String charge = payment.charge();
        assertEquals(200, h.cardCallback(payment).status());
        h.suite.kbank().undoAuthorized(charge, "Voided");
        assertEquals(List.of(), h.drain());

        for (int run = 0; run < 3; run++) {
            h.reconcileLater();
            assertEquals(List.of(), h.drain());
        }

        assertEquals(1, h.invoker.invocationsOf(h.c.platform().names().processPaidOrderFunction()).stream()
                .filter(i -> i.payload().contains(charge)).count(), "handed on once, never processed again");
        assertToldOnce(order);
        CardPaymentRecord record = h.c.tables().cardPaymentRecords().findByToken(new CardToken(payment.token())).orElseThrow();
        assertFalse(record.pending());
        assertEquals(SettledAs.FAILED, record.outcome());
        assertFalse(record.paid(), "KBank no longer says it is paid");
        assertUndone(order, charge, "Voided");
    }

    @Test
    void aQrChargeKBankReversesAfterAuthorizingIsHandedOnOnceToldOnceAndSettledFailedOnce() {
        String order = h.order("6.00");
        String charge = "chrg_test_reversed";
        h.suite.paidQrCharge(charge, "6.00", order);
        assertEquals(200, h.qrCallback(order, "6.00", charge).status());
        h.suite.kbank().undoAuthorized(charge, "Reversed");
        assertEquals(List.of(), h.drain());

        for (int run = 0; run < 3; run++) {
            h.reconcileLater();
            assertEquals(List.of(), h.drain());
        }

        assertEquals(1, h.invoker.invocationsOf(h.c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(i -> i.payload().contains(charge)).count(), "handed on once, never processed again");
        assertToldOnce(order);
        QrPaymentRecord record = h.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow();
        assertFalse(record.pending());
        assertEquals(SettledAs.FAILED, record.outcome());
        assertFalse(record.paid(), "KBank no longer says it is paid");
        assertUndone(order, charge, "Reversed");
    }

    @Test
    void aChargeKBankVoidsAfterItPaidTheOrderIsFinishedNotSettledFailed() {
        String order = h.order("12.00");
        String charge = "chrg_test_voided_after_paid";
        h.suite.paidQrCharge(charge, "12.00", order);
        // The processing marks the order paid and dies before its after-paid steps; then KBank voids the charge.
        h.killAfter(call -> call.equals("dynamodb updateItem " + h.c.platform().config().orderTable()));
        assertEquals(200, h.qrCallback(order, "12.00", charge).status());
        assertThrows(Killed.class, h::drain);
        h.suite.kbank().undoAuthorized(charge, "Voided");

        h.reconcileLater();
        assertEquals(List.of(), h.drain());
        h.reconcileLater();

        // The order is paid with the charge: whatever KBank says of it later, the order is finished, not failed.
        QrPaymentRecord record = h.c.tables().qrPaymentRecords().find(new ChargeId(charge)).orElseThrow();
        assertEquals(SettledAs.PAID, record.outcome());
        assertTrue(record.paid());
        assertEquals(Kind.PAID_ONCE, h.story(order).verdict().kind(), h.story(order).verdict().text());
    }

    /** One "payment failed" e-mail and one SNS event for the order, and nothing for a person. */
    private static void assertToldOnce(String order) {
        assertEquals(1, h.test.mailSubjects().stream().filter(s -> s.contains("Payment of order " + order + " failed"))
                .count(), h.test.mailSubjects().toString());
        assertEquals(1, h.test.topic().stream().filter(m -> m.contains("order.payment_failed") && m.contains(order))
                .count(), h.test.topic().toString());
        assertTrue(h.c.tables().callbackErrorLog().scanAll().stream().noneMatch(e -> order.equals(ReceivedId.textOf(e.orderId()))),
                "a charge KBank undid pages nobody");
    }

    /** The story's verdict: no money kept, what KBank did, nothing left to do; never "the customer paid". */
    private static void assertUndone(String order, String charge, String state) {
        Story story = h.story(order);
        assertEquals(Kind.REFUSED, story.verdict().kind(), story.verdict().text());
        assertEquals("no payment: " + charge + " was handed on, then KBank said it will never be paid"
                + " (NOT_PAID); settled FAILED, the customer was told the payment failed", story.verdict().text());
        assertEquals(Verdict.Severity.NO_MONEY, story.verdict().severity());
        Story withKBank = h.storyWithKBank(order);
        assertEquals("no payment: KBank undid " + charge + " after authorizing it (KBank: " + state + "); settled FAILED,"
                + " the customer was told the payment failed", withKBank.verdict().text());
        assertEquals(List.of(), withKBank.verdict().actions());
    }
}
