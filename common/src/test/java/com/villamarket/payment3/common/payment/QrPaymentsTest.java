package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.LostAnswers;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The one QR settle path, over DynamoDB on loopback with the template's tables and the KBank stub, run as the QR
 * callback ({@value #CALLBACK}'s role enforced); orders seeded and records read back with the admin key.
 */
@LocalSuiteTest
class QrPaymentsTest {

    private static final String CALLBACK = "QRCallbackFunction";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static QrPayments payments;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        payments = test.as(CALLBACK).payments().qr();
    }

    /** A new order of 6.00 THB, and a charge id no other test uses. */
    private static OrderId order(String data) {
        OrderId id = new OrderId(String.format("6700%08d", ++seq));
        c.tables().orders().put(id, (ObjectNode) Json.parse(data), DataForm.JSON_STRING);
        return id;
    }

    private static ChargeId charge(String name) {
        return ChargeId.parse("chrg_test_qrp_" + name + seq);
    }

    private static long handOns(OrderId order) {
        return test.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(i -> i.payload().contains(order.value())).count();
    }

    private static void assertRefused(RejectionReason reason, Executable settle) {
        assertEquals(reason, assertThrows(PaymentRejectedException.class, settle).reason());
    }

    @Test
    void aPaidChargeOfThisOrderForItsTotalIsRecordedAndHandedOnOnce() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("paid");
        suite.paidQrCharge(charge.value(), "6", order.value());

        QrPayments.Result first = payments.settle(order, charge, Optional.of(Money.of("6.00")));
        QrPayments.Result again = payments.settle(order, charge, Optional.empty());

        assertEquals(Settlement.PAID, first.settlement());
        assertEquals(0, first.payment().paidAmount().amount().compareTo(Money.of("6.00").amount()));
        assertTrue(first.handedOn());
        assertEquals(Settlement.PAID, again.settlement());
        assertFalse(again.handedOn(), "the second report finds it handed on");
        assertEquals(1, handOns(order));
        QrPaymentRecord record = c.tables().qrPaymentRecords().find(charge).orElseThrow();
        assertEquals(order, record.orderId());
        assertTrue(record.paid());
    }

    @Test
    void aChargeKBankHasNotSettledIsRecordedAsPendingAndNotHandedOn() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("pending");
        suite.qrCharge(charge.value(), "6", "pending", "Initialize", order.value());

        QrPayments.Result result = payments.settle(order, charge, Optional.empty());

        assertEquals(Settlement.PENDING, result.settlement());
        assertNull(result.payment());
        assertFalse(result.handedOn());
        assertEquals(0, handOns(order));
        QrPaymentRecord record = c.tables().qrPaymentRecords().find(charge).orElseThrow();
        assertFalse(record.paid());
        assertTrue(record.pending(), "left for reconciliation");
    }

    @Test
    void aDeclinedChargeIsRefusedAsNotPaidAndBindsNothing() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("declined");
        suite.qrCharge(charge.value(), "6", "error", "Declined", order.value());

        assertRefused(RejectionReason.NOT_PAID, () -> payments.settle(order, charge, Optional.empty()));
        assertTrue(c.tables().qrPaymentRecords().find(charge).isEmpty());
    }

    @Test
    void anOrderThatDoesNotExistOrHasNoTotalIsRefusedAsSuch() {
        ChargeId charge = charge("noorder");
        assertRefused(RejectionReason.ORDER_NOT_FOUND,
                () -> payments.settle(new OrderId("679999999999"), charge, Optional.empty()));
        OrderId noTotal = order("{\"items\": []}");
        suite.paidQrCharge(charge.value(), "6", noTotal.value());
        assertRefused(RejectionReason.ORDER_WITHOUT_TOTAL, () -> payments.settle(noTotal, charge, Optional.empty()));
        assertEquals(0, handOns(noTotal));
    }

    @Test
    void aChargeKBankDoesNotKnowIsRefusedAsUnknown() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        assertRefused(RejectionReason.UNKNOWN_CHARGE, () -> payments.settle(order, charge("unknown"), Optional.empty()));
    }

    @Test
    void aChargeThatPaysAnotherOrderIsRefusedAsOtherOrder() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        OrderId other = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("other");
        suite.paidQrCharge(charge.value(), "6", other.value());

        assertRefused(RejectionReason.OTHER_ORDER, () -> payments.settle(order, charge, Optional.empty()));
        assertTrue(c.tables().qrPaymentRecords().find(charge).isEmpty());
        assertEquals(0, handOns(order));
    }

    @Test
    void anAmountThatIsNotTheOrdersTotalOrTheReportedOneToTheSatangIsRefusedAsAmountMismatch() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId less = charge("less");
        // No tolerance: one satang short is a refusal a person sees.
        suite.paidQrCharge(less.value(), "5.99", order.value());
        assertRefused(RejectionReason.AMOUNT_MISMATCH, () -> payments.settle(order, less, Optional.empty()));

        ChargeId paid = charge("claimed");
        suite.paidQrCharge(paid.value(), "6", order.value());
        assertRefused(RejectionReason.AMOUNT_MISMATCH, () -> payments.settle(order, paid, Optional.of(Money.of("60.00"))));
        assertEquals(0, handOns(order));
    }

    @Test
    void aChargeRecordedForAnotherOrderIsRefusedAsChargeUsed() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        OrderId other = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("used");
        suite.paidQrCharge(charge.value(), "6", order.value());
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, other, Instant.now(), true, Money.of("6.00")));

        assertRefused(RejectionReason.CHARGE_USED, () -> payments.settle(order, charge, Optional.empty()));
        assertEquals(0, handOns(order));
    }

    @Test
    void aSecondPaidChargeOfAPaidOrderIsRefusedAsAlreadyPaidAndKeptForTheRefund() {
        OrderId order = order("{\"grandTotal\": 6.0, \"payment\": {\"isPaid\": true, \"paymentId\": \"chrg_test_first\"}}");
        ChargeId charge = charge("twice");
        suite.paidQrCharge(charge.value(), "6", order.value());

        PaymentRejectedException refused = assertThrows(PaymentRejectedException.class,
                () -> payments.settle(order, charge, Optional.empty()));
        assertEquals(RejectionReason.ORDER_ALREADY_PAID, refused.reason());
        assertTrue(refused.reportOnce().isPresent(), "told once per charge, under the record's report step");
        assertTrue(c.tables().qrPaymentRecords().find(charge).orElseThrow().pending(),
                "kept pending until a person is told: a run killed before that leaves it to reconciliation");
        // What the error logger runs once the report is written (QrCallbackHandlerTest, CrashPointTest).
        refused.whenTold().orElseThrow().run();
        QrPaymentRecord record = c.tables().qrPaymentRecords().find(charge).orElseThrow();
        assertEquals(SettledAs.NEEDS_REFUND, record.outcome());
        assertFalse(record.pending());
        assertEquals(0, handOns(order));
    }

    @Test
    void aPaidChargeIsRecordedWithItsHandOnClaimedInOneWriteThenHandedOnAndMarkedDone() {
        List<String> calls = new ArrayList<>();
        TestComponents counted = TestComponents.builder(suite).afterEachCall(calls::add).build();
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("writes");
        suite.paidQrCharge(charge.value(), "6", order.value());

        QrPayments.Result result = counted.as(CALLBACK).payments().qr().settle(order, charge, Optional.empty());

        assertTrue(result.handedOn());
        assertEquals(List.of("dynamodb getItem " + c.platform().names().orderTable(),
                "kbank GET /qr/v2/qr/" + charge.value(),
                "dynamodb getItem " + c.platform().names().kbankOrderTable(),
                "dynamodb putItem " + c.platform().names().qrPaymentRecordTable(),
                "invoke " + c.platform().names().processPaidOrderInternalFunction(),
                "dynamodb updateItem " + c.platform().names().qrPaymentRecordTable()), calls,
                "read the order, ask KBank, read the KBank order its reference names, record the charge with the"
                        + " hand-on claimed, hand on, mark it done");
        assertEquals(StepState.State.DONE, c.tables().qrPaymentRecords().find(charge).orElseThrow().handOn().state());
        assertEquals(1, counted.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size());

        calls.clear();
        QrPayments.Result again = counted.as(CALLBACK).payments().qr().settle(order, charge, Optional.empty());

        assertFalse(again.handedOn());
        assertEquals(List.of("dynamodb getItem " + c.platform().names().orderTable(), "kbank GET /qr/v2/qr/" + charge.value(),
                "dynamodb getItem " + c.platform().names().kbankOrderTable(),
                "dynamodb putItem " + c.platform().names().qrPaymentRecordTable() + " (refused)"), calls,
                "a report after the hand-on learns it from the record the refused write hands back: no claim is tried");
    }

    @Test
    void theRecordingWriteResentAfterItsAnswerWasLostIsThisCallsOwnAndHandsOnOnce() {
        LostAnswers lossy = LostAnswers.of(r -> r instanceof PutItemRequest put
                && put.tableName().equals(c.platform().names().qrPaymentRecordTable()));
        TestComponents losing = TestComponents.builder(suite).dynamoDb(d -> lossy.client(suite, CALLBACK)).build();
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("lostput");
        suite.paidQrCharge(charge.value(), "6", order.value());
        lossy.lose(1);

        QrPayments.Result result = losing.as(CALLBACK).payments().qr().settle(order, charge, Optional.empty());

        assertEquals(1, lossy.lost(), "the write landed, its answer was lost and the SDK sent it again");
        assertTrue(result.handedOn(), "the resend found this call's own claim, not another run's");
        assertEquals(1, losing.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size());
        assertEquals(StepState.State.DONE, c.tables().qrPaymentRecords().find(charge).orElseThrow().handOn().state());
    }

    @Test
    void aRunKilledAfterRecordingWithTheClaimLeavesALeaseTheNextReportTakesOverOnceItRunsOut() {
        OrderId order = order("{\"grandTotal\": 6.0}");
        ChargeId charge = charge("killed");
        suite.paidQrCharge(charge.value(), "6", order.value());
        // The run that recorded the charge with its claim died before handing it on.
        OnceOnly.NewClaim died = c.platform().once().newClaim(OnceOnly.LEASE);
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, order, test.clock().instant(), true,
                Money.of("6.00")), died);

        QrPayments.Result within = payments.settle(order, charge, Optional.empty());
        test.clock().advance(OnceOnly.LEASE.plus(Duration.ofSeconds(1)));
        QrPayments.Result after = payments.settle(order, charge, Optional.empty());

        assertFalse(within.handedOn(), "the dead run's lease still runs");
        assertTrue(after.handedOn(), "its lease ran out: the next report hands the charge on");
        assertEquals(1, handOns(order));
        assertEquals(StepState.State.DONE, c.tables().qrPaymentRecords().find(charge).orElseThrow().handOn().state());
    }
}
