package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.ArrayList;
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
    private static final OwnerId OWNER = new OwnerId("owner-cp");

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        payments = test.as("CardCallbackFunction").payments().card();
    }

    /** A card payment of 250.50 THB that card-token recorded with its charge, and KBank's answer for that charge. */
    private static CardPaymentRecord recorded(OrderId order, String kbankAmount, String status, String state) {
        seq++;
        CardToken token = new CardToken("tokn_test_cp" + seq);
        ChargeId charge = new ChargeId("chrg_test_cp" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("250.50"), null, true, OWNER,
                Instant.now()));
        c.tables().cardPaymentRecords().setCharge(token, charge);
        suite.kbank().cardCharge(charge.value(), kbankAmount, status, state, order.value());
        return c.tables().cardPaymentRecords().findByToken(token).orElseThrow();
    }

    private static OrderId newOrder() {
        return new OrderId(String.format("6800%08d", ++seq));
    }

    private static List<Invocation> invocationsFor(String function, CardPaymentRecord record) {
        return test.invoker().invocationsOf(function).stream().filter(i -> i.payload().contains(record.tokenId().value())).toList();
    }

    private static void assertRefused(RejectionReason reason, Executable call) {
        assertEquals(reason, assertThrows(PaymentRejectedException.class, call).reason());
    }

    private static CardPayments.Result settle(CardPaymentRecord record) {
        ChargeId charge = record.chargeId();
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
        List<Invocation> handOns = invocationsFor(c.platform().names().processPaidOrderFunction(), record);
        assertEquals(1, handOns.size());
        assertEquals(PaidOrderRequest.card(record.orderId(), record.chargeId(), true, record.tokenId()), PaidOrderRequest.parse(handOns.get(0).payload()));
        assertTrue(c.tables().cardPaymentRecords().findByToken(record.tokenId()).orElseThrow().paid());
    }

    @Test
    void aChargeStillIn3DSecureIsPendingAndNotHandedOn() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "pending", "Pre-Authorized");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.PENDING, result.settlement());
        assertFalse(result.handedOn());
        assertTrue(invocationsFor(c.platform().names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aDeclinedChargeIsHandedOnAsNotPaidSoThatProcessPaidOrderTellsTheCustomer() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "error", "Declined");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.FAILED, result.settlement());
        List<Invocation> handOns = invocationsFor(c.platform().names().processPaidOrderFunction(), record);
        assertEquals(1, handOns.size());
        assertEquals(Boolean.FALSE, PaidOrderRequest.parse(handOns.get(0).payload()).success());
    }

    @Test
    void aPaidChargeOfAnotherAmountIsRefusedAsAmountMismatchAndNotHandedOn() {
        CardPaymentRecord record = recorded(newOrder(), "25.05", "success", "Authorized");

        assertRefused(RejectionReason.AMOUNT_MISMATCH, () -> settle(record));
        assertTrue(invocationsFor(c.platform().names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aPaidChargeNamingAnotherOrderIsRefusedAsOtherOrder() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        suite.kbank().cardCharge(record.chargeId().value(), "250.50", "success", "Authorized", newOrder().value());

        assertRefused(RejectionReason.OTHER_ORDER, () -> settle(record));
        assertTrue(invocationsFor(c.platform().names().processPaidOrderFunction(), record).isEmpty());
    }

    @Test
    void aChargeWithNoRecordIsRefusedAsUnknownAndATokenThatIsNotTheChargesAsOtherOrder() {
        assertRefused(RejectionReason.UNKNOWN_CHARGE,
                () -> payments.find(ChargeId.parse("chrg_test_cp_none"), null));
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        assertRefused(RejectionReason.OTHER_ORDER,
                () -> payments.find(record.chargeId(), new CardToken("tokn_test_cp_someone_else")));
    }

    @Test
    void aTokenFindsTheRecordWhoseChargeCardTokenNeverLearntAndSetsIt() {
        OrderId order = newOrder();
        CardToken token = new CardToken("tokn_test_cp_lost" + seq);
        ChargeId charge = new ChargeId("chrg_test_cp_lost" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("250.50"), null, false, OWNER,
                Instant.now()));
        // KBank made the charge and names the token card-token sent in its metadata.
        suite.kbank().cardCharge(charge.value(), "250.50", "success", "Authorized", order.value())
                .putObject("metadata").put("tokenId", token.value());

        CardPayments.Found found = payments.find(charge, token);

        assertEquals(charge, found.record().chargeId());
        assertEquals(charge, c.tables().cardPaymentRecords().findByToken(token).orElseThrow().chargeId());
    }

    @Test
    void aTokenNamingAChargeKBankMadeForAnotherTokenIsRefusedAndSetsNothing() {
        OrderId order = newOrder();
        CardToken token = new CardToken("tokn_test_cp_other" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("250.50"), null, false, OWNER,
                Instant.now()));
        suite.kbank().cardCharge("chrg_test_cp_other" + seq, "250.50", "success", "Authorized", order.value())
                .putObject("metadata").put("tokenId", "tokn_test_cp_someone_else");

        assertThrows(PaymentRejectedException.class,
                () -> payments.find(ChargeId.parse("chrg_test_cp_other" + seq), token));
        assertEquals(null, c.tables().cardPaymentRecords().findByToken(token).orElseThrow().chargeId());
    }

    @Test
    void aProcessPaidOrderPayloadNamingAnotherOrdersChargeIsRefusedAsChargeUsed() {
        CardPaymentRecord record = recorded(newOrder(), "250.50", "success", "Authorized");
        PaidOrderRequest forged = PaidOrderRequest.card(newOrder(), record.chargeId(), true, null);

        assertRefused(RejectionReason.CHARGE_USED, () -> test.as("ProcessPaidOrderFunction").payments().card().forProcessing(forged));
        assertThrows(StoredDataException.class, () -> test.as("ProcessPaidOrderFunction").payments().card().forProcessing(PaidOrderRequest.card(newOrder(),
                ChargeId.parse("chrg_test_cp_nowhere"), true, null)), "no record at all is a defect of ours, not a refusal");
    }

    /** The card payments of {@code test}'s parts whose master branch's records are in {@code master}. */
    private static CardPayments withMasterRecords(TestComponents test, CardPaymentRecordRepository master) {
        Components parts = test.as("ProcessPaidOrderFunction");
        return new CardPayments(parts.tables().cardPaymentRecords(), master, parts.tables().orders(),
                ChargeVerifier.card(parts.platform()::kbank), parts.tables().creditCardNotify(),
                parts.tables().checkStatus(), parts.platform().once(), parts.platform()::invoker, parts.platform()::kbank,
                parts.platform().names(), parts.platform().clock());
    }

    @Test
    void onMasterItselfTheCardRecordsAreLookedUpInTheOneTableOnce() {
        List<String> calls = new ArrayList<>();
        TestComponents counted = TestComponents.builder(suite).afterEachCall(calls::add).build();
        PaidOrderRequest nowhere = PaidOrderRequest.card(newOrder(), ChargeId.parse("chrg_test_cp_nowhere"),
                true, new CardToken("tokn_test_cp_nowhere"));
        CardPaymentRecordRepository branchTable = counted.as("ProcessPaidOrderFunction").tables().cardPaymentRecords();

        assertThrows(StoredDataException.class, () -> withMasterRecords(counted, branchTable).forProcessing(nowhere));
        assertEquals(List.of("dynamodb getItem " + branchTable.tableName(), "dynamodb queryPaginator " + branchTable.tableName()),
                calls, "master's table is the branch's own: asked once by token, once by charge");

        calls.clear();
        CardPaymentRecordRepository master = counted.as("ProcessPaidOrderFunction").tables().masterCardPaymentRecords();
        assertThrows(StoredDataException.class, () -> withMasterRecords(counted, master).forProcessing(nowhere));
        assertTrue(calls.stream().anyMatch(call -> call.startsWith("dynamodb getItem " + master.tableName())),
                "another branch looks in master's second: " + calls);
    }

    @Test
    void aDeclinedCardVerificationIsSettledAsFailedAndKeepsNoCard() {
        CardPaymentRecord record = recorded(OrderId.ADDCARD, "1", "error", "Declined");

        CardPayments.Result result = settle(record);

        assertEquals(Settlement.FAILED, result.settlement());
        assertFalse(result.handedOn());
        assertTrue(invocationsFor(c.platform().names().kbankCreateUserFunction(), record).isEmpty());
        assertEquals(SettledAs.FAILED, c.tables().cardPaymentRecords().findByToken(record.tokenId()).orElseThrow().outcome());
    }
}
