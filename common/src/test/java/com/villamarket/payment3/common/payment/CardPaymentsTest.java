package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The one card settle path, over DynamoDB on loopback with the template's tables and the KBank stub: found and
 * settled as the card callback (CardCallbackFunction's role enforced), a hand-on's payload checked as
 * ProcessPaidOrderFunction; records seeded and read back with the admin key.
 */
@LocalSuiteTest
class CardPaymentsTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static CardPayments payments;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        payments = test.as("CardCallbackFunction").cardPayments();
    }

    /** A card payment of 250.50 THB that card-token recorded with its charge, and KBank's answer for that charge. */
    private static CardPaymentRecord recorded(String order, String kbankAmount, String status, String state) {
        seq++;
        String token = "tokn_test_cp" + seq;
        String charge = "chrg_test_cp" + seq;
        c.cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("250.50"), null, true, "owner-cp",
                Instant.now()));
        c.cardPaymentRecords().setCharge(token, charge);
        suite.kbank().cardCharge(charge, kbankAmount, status, state, order);
        return c.cardPaymentRecords().findByToken(token).orElseThrow();
    }

    private static String newOrder() {
        return String.format("6800%08d", ++seq);
    }

    private static List<Invocation> invocationsFor(String function, CardPaymentRecord record) {
        return test.invoker().invocationsOf(function).stream().filter(i -> i.payload().contains(record.tokenId())).toList();
    }

    private static void assertRefused(RejectionReason reason, Executable call) {
        assertEquals(reason, assertThrows(PaymentRejectedException.class, call).reason());
    }

    private static CardPayments.Result settle(CardPaymentRecord record) {
        ChargeId charge = ChargeId.parse(record.chargeId());
        return payments.settle(payments.find(charge, record.tokenId()), charge, Optional.empty(), Optional.empty());
    }

    @Test
    void aPaidChargeOfTheRecordsOrderAndAmountIsHandedToProcessPaidOrderOnce() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");

        CardPayments.Result first = settle(record);
        CardPayments.Result again = settle(record);

        assertEquals(Settlement.PAID, first.settlement());
        assertTrue(first.handedOn());
        assertFalse(again.handedOn(), "the second report finds it handed on");
        List<Invocation> handOns = invocationsFor(c.names().processPaidOrderFunction(), record);
        assertEquals(1, handOns.size());
        assertEquals(PaidOrderRequest.card(new OrderId(record.orderId()), ChargeId.parse(record.chargeId()), true,
                record.tokenId()), PaidOrderRequest.parse(handOns.get(0).payload()));
        assertTrue(c.cardPaymentRecords().findByToken(record.tokenId()).orElseThrow().paid());
    }

    @Test
    void aChargeStillIn3DSecureIsPendingAndNotHandedOn() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "pending", "Pre-Authorized");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.PENDING, result.settlement());
        assertFalse(result.handedOn());
        assertTrue(invocationsFor(c.names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aDeclinedChargeIsHandedOnAsNotPaidSoThatProcessPaidOrderTellsTheCustomer() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "error", "Declined");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.FAILED, result.settlement());
        List<Invocation> handOns = invocationsFor(c.names().processPaidOrderFunction(), record);
        assertEquals(1, handOns.size());
        assertEquals(Boolean.FALSE, PaidOrderRequest.parse(handOns.get(0).payload()).success());
    }

    @Test
    void aPaidChargeOfAnotherAmountIsRefusedAsAmountMismatchAndNotHandedOn() {
        CardPaymentRecord record = recorded(newOrder(), "25.05", "success", "Authorized");

        assertRefused(RejectionReason.AMOUNT_MISMATCH, () -> settle(record));
        assertTrue(invocationsFor(c.names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aPaidChargeNamingAnotherOrderIsRefusedAsOtherOrder() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        suite.kbank().cardCharge(record.chargeId(), "250.50", "success", "Authorized", newOrder());

        assertRefused(RejectionReason.OTHER_ORDER, () -> settle(record));
        assertTrue(invocationsFor(c.names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aChargeWithNoRecordIsRefusedAsUnknownAndATokenThatIsNotTheChargesAsOtherOrder() {
        assertRefused(RejectionReason.UNKNOWN_CHARGE,
                () -> payments.find(ChargeId.parse("chrg_test_cp_none"), null));
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        assertRefused(RejectionReason.OTHER_ORDER,
                () -> payments.find(ChargeId.parse(record.chargeId()), "tokn_test_cp_someone_else"));
    }

    @Test
    void aTokenFindsTheRecordWhoseChargeCardTokenNeverLearntAndSetsIt() {
        String order = newOrder();
        c.cardPaymentRecords().create(CardPaymentRecord.fresh("tokn_test_cp_lost" + seq, order, Money.of("250.50"), null,
                false, "owner-cp", Instant.now()));
        // KBank made the charge and names the token card-token sent in its metadata.
        suite.kbank().cardCharge("chrg_test_cp_lost" + seq, "250.50", "success", "Authorized", order)
                .putObject("metadata").put("tokenId", "tokn_test_cp_lost" + seq);

        CardPayments.Found found = payments.find(ChargeId.parse("chrg_test_cp_lost" + seq), "tokn_test_cp_lost" + seq);

        assertEquals("chrg_test_cp_lost" + seq, found.record().chargeId());
        assertEquals("chrg_test_cp_lost" + seq,
                c.cardPaymentRecords().findByToken("tokn_test_cp_lost" + seq).orElseThrow().chargeId());
    }

    @Test
    void aTokenNamingAChargeKBankMadeForAnotherTokenIsRefusedAndSetsNothing() {
        String order = newOrder();
        String token = "tokn_test_cp_other" + seq;
        c.cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("250.50"), null, false, "owner-cp",
                Instant.now()));
        suite.kbank().cardCharge("chrg_test_cp_other" + seq, "250.50", "success", "Authorized", order)
                .putObject("metadata").put("tokenId", "tokn_test_cp_someone_else");

        assertThrows(PaymentRejectedException.class,
                () -> payments.find(ChargeId.parse("chrg_test_cp_other" + seq), token));
        assertEquals(null, c.cardPaymentRecords().findByToken(token).orElseThrow().chargeId());
    }

    @Test
    void aProcessPaidOrderPayloadNamingAnotherOrdersChargeIsRefusedAsChargeUsed() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        PaidOrderRequest forged = PaidOrderRequest.card(new OrderId(newOrder()), ChargeId.parse(record.chargeId()), true,
                null);

        assertRefused(RejectionReason.CHARGE_USED, () -> test.as("ProcessPaidOrderFunction").cardPayments().forProcessing(forged));
        assertThrows(StoredDataException.class, () -> test.as("ProcessPaidOrderFunction").cardPayments().forProcessing(PaidOrderRequest.card(new OrderId(newOrder()),
                ChargeId.parse("chrg_test_cp_nowhere"), true, null)), "no record at all is a defect of ours, not a refusal");
    }

    @Test
    void aDeclinedCardVerificationIsSettledAsFailedAndKeepsNoCard() {
        CardPaymentRecord record = recorded(CardPaymentRecord.ADDCARD, "1", "error", "Declined");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.FAILED, result.settlement());
        assertFalse(result.handedOn());
        assertTrue(invocationsFor(c.names().kbankCreateUserFunction(), record).isEmpty());
        assertEquals(SettledAs.FAILED, c.cardPaymentRecords().findByToken(record.tokenId()).orElseThrow().outcome());
    }
}
