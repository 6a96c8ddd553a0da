package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.AfterPaid;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
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

/** ProcessPaidOrder(Internal)'s rules where they live, over DynamoDB on loopback and the KBank stub. */
@LocalSuiteTest(variables = "PAY_FUNCTION_NAME=" + PaidOrderProcessorTest.PAY)
class PaidOrderProcessorTest {

    static final String PAY = "shop-pay-function";
    private static final String FUNCTION = "process-paid-order-internal";
    private static final String CARD_FUNCTION = "process-paid-order";
    private static final List<AfterPaid> QR_STEPS = List.of(AfterPaid.PAY, AfterPaid.NOTIFY);
    private static final List<AfterPaid> CARD_STEPS = List.of(AfterPaid.PAY, AfterPaid.NOTIFY, AfterPaid.SAVE_CARD);

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static PaidOrderProcessor internal;
    private static PaidOrderProcessor cardPath;
    private static int seq;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        internal = test.as("ProcessPaidOrderInternalFunction").payments().paidOrders();
        cardPath = test.as("ProcessPaidOrderFunction").payments().paidOrders();
    }

    /** What ProcessPaidOrderInternal runs (the QR path's hand-on), under its role. */
    private static Outcome processInternal(String payload) {
        return internal.process(FUNCTION, payload, QR_STEPS);
    }

    /** What ProcessPaidOrder runs (the card path's hand-on, which keeps the card), under its role. */
    private static Outcome processCard(String payload) {
        return cardPath.process(CARD_FUNCTION, payload, CARD_STEPS);
    }

    private static QrPayments qrCallback() {
        return test.as("QRCallbackFunction").payments().qr();
    }

    private static OrderId order() {
        OrderId id = new OrderId(String.format("6900%08d", ++seq));
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
        return id;
    }

    /** A QR charge KBank says paid, settled (recorded and bound to the order) as the callback settles it. */
    private static ChargeId settledQr(OrderId order) {
        ChargeId charge = ChargeId.parse("chrg_test_pop" + seq);
        suite.paidQrCharge(charge.value(), "6", order.value());
        qrCallback().settle(order, charge, Optional.empty());
        return charge;
    }

    private static String qr(OrderId order, ChargeId charge) {
        return Json.write(PaidOrderRequest.qr(order, charge).toJson());
    }

    @Test
    void eachAnswersOutcomeIsStoredInItsRowUnderTheSameName() {
        assertEquals(List.of(ProcessedAs.PAID, ProcessedAs.ALREADY_PAID, ProcessedAs.NOT_PAID),
                List.of(PaidOrderProcessor.Outcome.values()).stream().map(o -> ProcessedAs.valueOf(o.name())).toList());
    }

    private static long count(String function, String text) {
        return test.invoker().invocationsOf(function).stream().filter(i -> i.payload().contains(text)).count();
    }

    private static List<String> outcomes(OrderId order) {
        return c.tables().processPaidOrderLog().forOrder(order).stream().map(row -> row.outcome().name()).toList();
    }

    private static Order stored(OrderId order) {
        return c.tables().orders().find(order).orElseThrow();
    }

    @Test
    void aSettledQrChargePaysItsOrderOnceAndRunsEachStepOnce() {
        OrderId order = order();
        ChargeId charge = settledQr(order);

        assertEquals(Outcome.PAID, processInternal(qr(order, charge)));
        assertEquals(Outcome.PAID, processInternal(qr(order, charge)), "a second run finds it paid by this charge");

        Order paid = stored(order);
        assertEquals(charge, paid.paidChargeId());
        assertTrue(paid.step(OrderRepository.PAY).isDone());
        assertTrue(paid.step(OrderRepository.NOTIFY).isDone());
        assertNotNull(paid.finishedAt());
        List<Invocation> pays = test.invoker().invocationsOf(PAY).stream()
                .filter(i -> i.payload().contains(order.value())).toList();
        assertEquals(1, pays.size());
        PayRequest pay = PayRequest.parse(pays.get(0).payload());
        assertEquals(PayRequest.key(order, charge), pay.idempotencyKey());
        assertTrue(pay.payment().path("isPaid").asBoolean(), pay.payment().toString());
        assertEquals(1, test.mailSubjects().stream().filter(s -> s.contains("Order " + order.value() + " paid")).count());
        assertEquals(1, outcomes(order).stream().filter("PAID"::equals).count());
    }

    @Test
    void aQrChargeTheSuiteNeverRecordedIsRefusedAsUnknownChargeAndTheOrderStaysUnpaid() {
        OrderId order = order();
        ChargeId charge = ChargeId.parse("chrg_test_pop_unrecorded" + seq);
        suite.paidQrCharge(charge.value(), "6", order.value());

        assertEquals(Outcome.NOT_PAID, processInternal(qr(order, charge)));

        assertFalse(stored(order).isPaid());
        assertRefusedRow(order, RejectionReason.UNKNOWN_CHARGE);
        assertEquals(0, count(PAY, order.value()));
    }

    @Test
    void aQrChargeRecordedForAnotherOrderIsRefusedAsChargeUsedAndPaysNeitherTwice() {
        OrderId first = order();
        ChargeId charge = settledQr(first);
        OrderId other = order();

        assertEquals(Outcome.NOT_PAID, processInternal(qr(other, charge)));

        assertFalse(stored(other).isPaid());
        assertRefusedRow(other, RejectionReason.CHARGE_USED);
        assertEquals(0, count(PAY, other.value()));
        assertEquals(0, test.mailSubjects().stream().filter(s -> s.contains(other.value())).count(), "its customer is told nothing");
    }

    @Test
    void aQrChargeRecordedAsPendingIsRefusedAsNotPaidUntilTheSettlePathRecordsItPaid() {
        OrderId order = order();
        ChargeId charge = ChargeId.parse("chrg_test_pop_pending" + seq);
        suite.qrCharge(charge.value(), "6", "pending", "Initialize", order.value());
        qrCallback().settle(order, charge, Optional.empty());

        assertEquals(Outcome.NOT_PAID, processInternal(qr(order, charge)));
        assertRefusedRow(order, RejectionReason.NOT_PAID);
        assertFalse(stored(order).isPaid());
    }

    @Test
    void anOrderPaidWithAnotherChargeIsAlreadyPaidAndNotPaidAgain() {
        OrderId order = order();
        ChargeId first = settledQr(order);
        assertEquals(Outcome.PAID, processInternal(qr(order, first)));
        ChargeId second = ChargeId.parse("chrg_test_pop_second" + seq);
        suite.paidQrCharge(second.value(), "6", order.value());
        // The settle path keeps the second charge for the refund; a payload naming it anyway is not paid twice.
        assertThrows(PaymentRejectedException.class, () -> qrCallback().settle(order, second, Optional.empty()));

        assertEquals(Outcome.ALREADY_PAID, processInternal(qr(order, second)));

        assertEquals(first, stored(order).paidChargeId());
        assertEquals(1, count(PAY, order.value()));
        assertTrue(outcomes(order).contains("ALREADY_PAID"), outcomes(order).toString());
    }

    @Test
    void aChargeKBankNoLongerCallsPaidLeavesTheOrderUnpaidAndTellsTheFailure() {
        OrderId order = order();
        ChargeId charge = settledQr(order);
        suite.qrCharge(charge.value(), "6", "error", "Voided", order.value());

        assertEquals(Outcome.NOT_PAID, processInternal(qr(order, charge)));

        assertFalse(stored(order).isPaid());
        ProcessPaidOrderLog row = c.tables().processPaidOrderLog().forOrder(order).stream()
                .filter(r -> r.outcome() == ProcessedAs.NOT_PAID).findFirst().orElseThrow();
        assertEquals("KBank says charge " + charge + " is not paid", row.error().substring(0, row.error().indexOf(" (")));
        assertEquals(1, test.mailSubjects().stream().filter(s -> s.contains("Payment of order " + order.value() + " failed"))
                .count(), "the failure is told");
        assertEquals(0, count(PAY, order.value()));
    }

    @Test
    void aMalformedPayloadIsRefusedAsMalformedAndAMissingOrderIsADefectOfOurs() {
        PaymentRejectedException malformed = assertThrows(PaymentRejectedException.class,
                () -> processInternal("{\"orderId\":\"690000000000\"}"));
        assertEquals(RejectionReason.MALFORMED, malformed.reason());

        OrderId missing = new OrderId("699999999999");
        ChargeId charge = ChargeId.parse("chrg_test_pop_missing");
        suite.paidQrCharge(charge.value(), "6", missing.value());
        c.tables().qrPaymentRecords().recordIfAbsent(com.villamarket.payment3.common.persistence.QrPaymentRecord.fresh(charge,
                missing, Instant.now(), true, Money.of("6.00")));
        assertThrows(StoredDataException.class, () -> processInternal(qr(missing, charge)));
        assertTrue(c.tables().processPaidOrderLog().forOrder(missing).stream().anyMatch(ProcessPaidOrderLog::isError),
                "the failed run leaves its is_error row");
    }

    /** The open error log entries of a charge. */
    private static List<CallbackError> entriesOf(ChargeId charge) {
        return c.tables().callbackErrorLog().scanAll().stream().filter(e -> e.chargeId() != null && e.chargeId().is(charge) && !e.resolved())
                .toList();
    }

    private static long mailsAbout(OrderId order) {
        return test.mailSubjects().stream().filter(s -> s.contains("failed for order " + order.value())).count();
    }

    @Test
    void aSecondRealQrPaymentOfAPaidOrderIsToldAtOnceAndOnceAndTheFirstPaymentIsUntouched() {
        OrderId order = order();
        ChargeId first = settledQr(order);
        // Both charges settled paid and handed on before either was processed: the race the settle path cannot see.
        ChargeId second = ChargeId.parse("chrg_test_pop_twice" + seq);
        suite.paidQrCharge(second.value(), "6", order.value());
        assertEquals(Settlement.PAID, qrCallback().settle(order, second, Optional.empty()).settlement());
        assertEquals(Outcome.PAID, processInternal(qr(order, first)));
        assertTrue(entriesOf(second).isEmpty());

        assertEquals(Outcome.ALREADY_PAID, processInternal(qr(order, second)));

        List<CallbackError> told = entriesOf(second);
        assertEquals(1, told.size(), "one open entry, at once");
        assertEquals(RejectionReason.ORDER_ALREADY_PAID.name(), told.get(0).errorType());
        assertEquals(FUNCTION, told.get(0).functionName());
        assertTrue(told.get(0).error().contains("needs a refund"), told.get(0).error());
        assertEquals(1, mailsAbout(order), "one e-mail to the on-call person");

        // Lambda's retry, a replayed dead letter, and the callback or reconciliation finding it too: told once.
        assertEquals(Outcome.ALREADY_PAID, processInternal(qr(order, second)));
        PaymentRejectedException again = assertThrows(PaymentRejectedException.class,
                () -> qrCallback().settle(order, second, Optional.empty()));
        test.as("QRCallbackFunction").platform().errorLogger().log("qrcallback", ReceivedId.of(order), ReceivedId.of(second), "{}", again);
        assertEquals(1, entriesOf(second).size());
        assertEquals(1, mailsAbout(order));

        Order paid = stored(order);
        assertEquals(first, paid.paidChargeId(), "the first payment is untouched");
        assertEquals(1, count(PAY, order.value()));
        assertEquals(1, test.mailSubjects().stream().filter(s -> s.contains("Order " + order.value() + " paid")).count());
        assertTrue(entriesOf(first).isEmpty());
    }

    @Test
    void aSecondRealCardPaymentOfAPaidOrderIsToldOnceButADeclinedOneIsNot() {
        OrderId order = order();
        ChargeId first = settledQr(order);
        assertEquals(Outcome.PAID, processInternal(qr(order, first)));
        CardToken token = new CardToken("tokn_test_pop_twice" + seq);
        ChargeId card = ChargeId.parse("chrg_test_pop_twice_card" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of("6.00"), null, false,
                new OwnerId("owner-pop"), Instant.now()));
        c.tables().cardPaymentRecords().setCharge(token, card);
        suite.kbank().cardCharge(card.value(), "6", "success", "Authorized", order.value());
        CardPayments callback = test.as("CardCallbackFunction").payments().card();
        callback.settle(callback.find(card, token), card, Optional.empty(), Optional.empty());
        String payload = Json.write(PaidOrderRequest.card(order, card, true, token).toJson());

        assertEquals(Outcome.ALREADY_PAID, processCard(payload));
        assertEquals(Outcome.ALREADY_PAID, processCard(payload));

        assertEquals(1, entriesOf(card).size());
        assertEquals(1, mailsAbout(order));
        assertEquals(first, stored(order).paidChargeId());

        CardToken declinedToken = new CardToken("tokn_test_pop_declined" + seq);
        ChargeId declined = ChargeId.parse("chrg_test_pop_declined" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(declinedToken, order, Money.of("6.00"), null, false,
                new OwnerId("owner-pop"), Instant.now()));
        c.tables().cardPaymentRecords().setCharge(declinedToken, declined);
        assertEquals(Outcome.ALREADY_PAID, processCard(
                Json.write(PaidOrderRequest.card(order, declined, false, declinedToken).toJson())));
        assertTrue(entriesOf(declined).isEmpty(), "no money came in with it: nothing to refund");
    }

    @Test
    void aCardVerificationIsNotAnOrderToPay() {
        String payload = "{\"orderId\":\"ADDCARD\",\"paymentType\":\"card\",\"chargeId\":\"chrg_test_pop_addcard\"}";
        assertEquals(Outcome.NOT_PAID, processCard(payload));
    }

    @Test
    void aPaidCardChargeKeepsTheCardOnlyOnThePathThatSavesCards() {
        OrderId order = order();
        String token = "tokn_test_pop" + seq;
        String charge = "chrg_test_pop_card" + seq;
        c.tables().orders().put(order, (ObjectNode) Json.parse("{\"grandTotal\": 250.5}"), DataForm.JSON_STRING);
        suite.kbank().cardToken(token, "authorized", charge);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), order, Money.of("250.50"), null, true,
                new OwnerId("owner-pop"), Instant.now()));
        c.platform().kbank().createCardCharge(new CardChargeRequest(Money.of("250.50"), "Order " + order.value(),
                new CardToken(token), order));
        c.tables().cardPaymentRecords().setCharge(new CardToken(token), ChargeId.parse(charge));
        String payload = Json.write(PaidOrderRequest.card(order, ChargeId.parse(charge), true, new CardToken(token)).toJson());

        assertEquals(Outcome.PAID, processInternal(payload));
        assertEquals(0, count(c.platform().names().kbankCreateUserFunction(), token), "ProcessPaidOrderInternal keeps no card");
        assertNull(stored(order).step(OrderRepository.SAVE_CARD).doneAt());

        assertEquals(Outcome.PAID, processCard(payload));
        List<Invocation> saves = test.invoker().invocationsOf(c.platform().names().kbankCreateUserFunction()).stream()
                .filter(i -> i.payload().contains(token)).toList();
        assertEquals(1, saves.size());
        assertEquals(new SaveCardRequest(new OwnerId("owner-pop"), new CardToken(token)),
                SaveCardRequest.parse(saves.get(0).payload()));
    }

    private static void assertRefusedRow(OrderId order, RejectionReason reason) {
        ProcessPaidOrderLog row = c.tables().processPaidOrderLog().forOrder(order).stream()
                .filter(r -> r.outcome() == ProcessedAs.REFUSED).findFirst().orElseThrow(() -> new AssertionError(outcomes(order)));
        assertTrue(row.error().startsWith(reason.name() + ":"), row.error());
    }
}
