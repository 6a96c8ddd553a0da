package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.CardPaymentLifecycle;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrChargeLifecycle;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.persistence.SettledUnpaid;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifecycles, the only code that takes a payment out of the pending index: PAID only once every
 * after-paid step is done, over DynamoDB on loopback with the template's tables and the KBank stub. A QR charge is
 * settled as the QR callback, a KBank QR order as the QR notify, a record taken out of pending as reconciliation
 * (each function's role enforced); fixtures are seeded and read back with the admin key.
 */
@LocalSuiteTest
class PaymentLifecyclesTest {

    private static final String NOTIFY = "QRNotifyFunction";

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static QrPayments callback;
    private static QrPayments notify;
    private static Components reconcile;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        callback = test.as("QRCallbackFunction").payments().qr();
        notify = test.as(NOTIFY).payments().qr();
        reconcile = test.as("ReconcileFunction");
    }

    /** A new order of 50.00 THB. */
    private static OrderId order() {
        OrderId id = new OrderId(String.format("6800%08d", ++seq));
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\": 50.0}"), DataForm.JSON_STRING);
        return id;
    }

    /** Marks the order paid with the charge and every after-paid step done, as ProcessPaidOrderInternal does. */
    private static void finish(OrderId order, ChargeId charge) {
        Order read = c.tables().orders().find(order).orElseThrow();
        assertTrue(c.tables().orders().markPaid(read, Json.object().put("paymentId", charge.value()), charge, test.clock().instant()));
        c.tables().orders().markFinished(order, charge, test.clock().instant());
    }

    private static KBankOrder kbankOrder(OrderId order) {
        String reference = order.value() + "1748613417.737981";
        String kbankId = c.platform().kbank().createQrOrder(Money.of("50.00"), "qr", reference, "Order " + order).id();
        KBankOrder recorded = new KBankOrder(reference, order, kbankId, Money.of("50.00"), "qr",
                test.clock().instant(), true, null);
        c.tables().kbankOrders().record(recorded);
        return recorded;
    }

    private static QrPaymentRecord qrRecord(ChargeId charge) {
        return c.tables().qrPaymentRecords().find(charge).orElseThrow();
    }

    @Test
    void aQrChargeIsSettledPaidOnlyOnceHandedOnAndItsOrderFinishedWithIt() {
        OrderId order = order();
        ChargeId charge = ChargeId.parse("chrg_test_life_qr" + seq);
        suite.paidQrCharge(charge.value(), "50.00", order.value());
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, order, test.clock().instant(), true,
                Money.of("50.00")));
        QrChargeLifecycle lifecycle = new QrChargeLifecycle(reconcile.tables().qrPaymentRecords(), test.clock());

        assertTrue(QrChargeLifecycle.finished(qrRecord(charge), c.tables().orders().find(order)).isEmpty(), "not handed on");
        assertTrue(callback.settle(order, charge, Optional.empty()).handedOn());
        assertTrue(QrChargeLifecycle.finished(qrRecord(charge), c.tables().orders().find(order)).isEmpty(),
                "handed on, the order not finished with it yet");
        assertTrue(QrChargeLifecycle.finished(qrRecord(charge), Optional.empty()).isEmpty(), "no order read");

        finish(order, charge);
        QrChargeLifecycle.Finished finished = QrChargeLifecycle.finished(qrRecord(charge), c.tables().orders().find(order))
                .orElseThrow();

        assertTrue(lifecycle.settle(finished));
        assertFalse(lifecycle.settle(charge, SettledUnpaid.FAILED), "the first settlement wins");
        assertEquals(SettledAs.PAID, qrRecord(charge).outcome());
        assertFalse(qrRecord(charge).pending());
    }

    @Test
    void aKBankQrOrderIsNotSettledWhileAnotherRunHoldsItsChargesHandOnAndIsOnceTheHandOnIsDone() {
        OrderId order = order();
        KBankOrder kbankOrder = kbankOrder(order);
        ChargeId charge = ChargeId.parse("chrg_test_life_held" + seq);
        suite.kbank().paidQrCharge(charge.value(), "50.00", kbankOrder.referenceOrder());
        // Another run (the browser's callback) recorded the charge with its hand-on claimed and is handing it on.
        c.tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(charge, order, test.clock().instant(), true,
                Money.of("50.00")), c.platform().once().newClaim(OnceOnly.LEASE));

        QrPayments.Result held = notify.settle(kbankOrder, Optional.empty());

        assertEquals(Settlement.PAID, held.settlement(), "KBank says paid");
        assertFalse(held.handedOn());
        assertFalse(held.handOnDone(), "another run holds it");
        KBankOrder stillPending = c.tables().kbankOrders().findByReference(kbankOrder.referenceOrder()).orElseThrow();
        assertTrue(stillPending.pending(), "its charge's hand-on is not done: PAID would claim what is not so");
        assertNull(stillPending.outcome());

        // The other run died; its lease runs out and the next report hands the charge on, then settles the order.
        test.clock().advance(OnceOnly.LEASE.plus(Duration.ofSeconds(1)));
        QrPayments.Result after = notify.settle(kbankOrder, Optional.empty());

        assertTrue(after.handedOn());
        assertTrue(after.handOnDone());
        assertEquals(SettledAs.PAID, c.tables().kbankOrders().findByReference(kbankOrder.referenceOrder()).orElseThrow().outcome());
        assertEquals(StepState.State.DONE, qrRecord(charge).handOn().state());
    }

    @Test
    void aRunKilledAfterHandingOnBeforeMarkingItDoneLeavesTheKBankOrderPendingAndARetrySettlesIt() {
        OrderId order = order();
        KBankOrder kbankOrder = kbankOrder(order);
        ChargeId charge = ChargeId.parse("chrg_test_life_killed" + seq);
        suite.kbank().paidQrCharge(charge.value(), "50.00", kbankOrder.referenceOrder());
        String handOn = "invoke " + c.platform().names().processPaidOrderInternalFunction();
        TestComponents dying = TestComponents.builder(suite).afterEachCall(call -> {
            if (call.equals(handOn)) {
                throw new Killed(call);
            }
        }).build();

        assertThrows(Killed.class, () -> dying.as(NOTIFY).payments().qr().settle(kbankOrder, Optional.empty()));

        assertEquals(1, dying.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size(),
                "handed on, never marked done");
        assertTrue(qrRecord(charge).handOn().isInProgress());
        assertTrue(QrChargeLifecycle.handedOn(qrRecord(charge)).isEmpty());
        assertTrue(c.tables().kbankOrders().findByReference(kbankOrder.referenceOrder()).orElseThrow().pending(),
                "the run died before the charge's hand-on was done: the order stays pending");

        // The retry's clock past the dying run's lease (each harness has its own clock).
        Duration behind = Duration.between(test.clock().instant(), dying.clock().instant());
        test.clock().advance((behind.isNegative() ? Duration.ZERO : behind).plus(OnceOnly.LEASE).plusSeconds(1));
        QrPayments.Result retry = notify.settle(kbankOrder, Optional.empty());

        assertTrue(retry.handedOn(), "the dead run's lease ran out: the retry hands on (at least once)");
        assertEquals(StepState.State.DONE, qrRecord(charge).handOn().state());
        assertEquals(SettledAs.PAID, c.tables().kbankOrders().findByReference(kbankOrder.referenceOrder()).orElseThrow().outcome());
        assertTrue(qrRecord(charge).pending(), "the charge itself waits for its order to be finished with it");
    }

    @Test
    void aCardPaymentIsFinishedOnlyWithItsHandOnDonePaidAndItsOrderFinishedOrItsCardKept() {
        Instant at = test.clock().instant();
        StepState done = new StepState(StepState.State.DONE, null, at, at);
        StepState inProgress = new StepState(StepState.State.IN_PROGRESS, at.plus(OnceOnly.LEASE), at, null);
        OrderId order = order();
        ChargeId charge = ChargeId.parse("chrg_test_life_card" + seq);
        CardPaymentRecord handedOn = new CardPaymentRecord(new CardToken("tokn_test_life_card" + seq), order, charge,
                true, Money.of("50.00"), null, false, null, at, true, done, null, List.of());
        CardPaymentRecord addCard = new CardPaymentRecord(new CardToken("tokn_test_life_addcard" + seq), OrderId.ADDCARD,
                new ChargeId("chrg_test_life_addcard" + seq), true, CardPaymentRecord.ADDCARD_AMOUNT, null, true, null, at, true, done,
                null, List.of());

        assertTrue(CardPaymentLifecycle.finished(handedOn, c.tables().orders().find(order)).isEmpty(), "order not finished");
        assertTrue(CardPaymentLifecycle.finished(withHandOn(handedOn, inProgress), c.tables().orders().find(order)).isEmpty());
        assertTrue(CardPaymentLifecycle.finished(addCard, Optional.empty()).isPresent(), "its card handed to be kept");
        assertTrue(CardPaymentLifecycle.finished(withHandOn(addCard, inProgress), Optional.empty()).isEmpty());
        assertTrue(CardPaymentLifecycle.finished(unpaid(addCard), Optional.empty()).isEmpty(), "declined: nothing kept");

        finish(order, charge);
        assertTrue(CardPaymentLifecycle.finished(handedOn, c.tables().orders().find(order)).isPresent());
        assertTrue(CardPaymentLifecycle.finished(unpaid(handedOn), c.tables().orders().find(order)).isEmpty());

        c.tables().cardPaymentRecords().create(handedOn);
        CardPaymentLifecycle lifecycle = new CardPaymentLifecycle(reconcile.tables().cardPaymentRecords(), test.clock());
        assertTrue(lifecycle.settle(CardPaymentLifecycle.finished(handedOn, c.tables().orders().find(order)).orElseThrow()));
        assertFalse(lifecycle.settle(handedOn.tokenId(), SettledUnpaid.EXPIRED), "the first settlement wins");
        assertEquals(SettledAs.PAID, c.tables().cardPaymentRecords().findByToken(handedOn.tokenId()).orElseThrow().outcome());
    }

    private static CardPaymentRecord withHandOn(CardPaymentRecord r, StepState handOn) {
        return new CardPaymentRecord(r.tokenId(), r.orderId(), r.chargeId(), r.paid(), r.amount(), r.callbackUrl(),
                r.saveCard(), r.ownerId(), r.createdAt(), r.pending(), handOn, r.outcome(), r.keptCharges());
    }

    private static CardPaymentRecord unpaid(CardPaymentRecord r) {
        return new CardPaymentRecord(r.tokenId(), r.orderId(), r.chargeId(), false, r.amount(), r.callbackUrl(),
                r.saveCard(), r.ownerId(), r.createdAt(), r.pending(), r.handOn(), r.outcome(), r.keptCharges());
    }
}
