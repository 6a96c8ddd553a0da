package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.KBankAlterations;
import com.villamarket.payment3.testkit.KBankAlterations.Alteration;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KBank's answer binds the charge or pays nothing: each altered answer of {@link KBankAlterations} (a field
 * dropped, of another JSON type, another value) is refused by the QR and the card settle paths and by
 * ProcessPaidOrder's own inquiry, over moto's DynamoDB and the KBank stub: the order stays unpaid, no record is
 * paid or handed on, and the refusal's error log entry keeps KBank's answer. The unaltered answer pays, so each
 * refusal is the alteration's.
 */
@LocalSuiteTest
class KBankAnswerBindsTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static Components qrCallback;
    private static Components cardCallback;
    private static Components processPaidOrder;
    private static int seq;

    /** Each path runs as its function (its role enforced); fixtures are seeded and read back with the admin key. */
    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        qrCallback = test.as("QRCallbackFunction");
        cardCallback = test.as("CardCallbackFunction");
        processPaidOrder = test.as("ProcessPaidOrderFunction");
    }

    static Stream<Alteration> alterations() {
        return KBankAlterations.all().stream();
    }

    /** A new unpaid order of {@link KBankAlterations#ORDER_TOTAL} THB. */
    private static OrderId order() {
        OrderId id = new OrderId(String.format("6900%08d", ++seq));
        c.tables().orders().put(id, (ObjectNode) Json.parse("{\"grandTotal\": " + KBankAlterations.ORDER_TOTAL + "}"),
                DataForm.JSON_STRING);
        return id;
    }

    private static long handOns(String function, String id) {
        return test.invoker().invocationsOf(function).stream().filter(i -> i.payload().contains(id)).count();
    }

    /** Logs the refusal as every function does, and checks its entry: its reason, and KBank's answer beside it. */
    private static void assertLoggedWithAnswer(Components caller, PaymentRejectedException refusal, OrderId order,
            ChargeId charge, String expectedReason) {
        ErrorLogger.Logged logged = caller.platform().errorLogger().log("callback", ReceivedId.of(order), ReceivedId.of(charge),
                "{\"body\":\"orderId=" + order.value() + "\"}", refusal);
        assertNotNull(logged.errorId());
        CallbackError entry = c.tables().callbackErrorLog().find(logged.errorId()).orElseThrow();
        assertEquals(expectedReason, entry.errorType());
        assertFalse(entry.resolved());
        assertNotNull(entry.responseData(), "the entry keeps KBank's answer");
        JsonNode kept = Json.parse(entry.responseData());
        JsonNode served = Json.parse(refusal.kbankAnswer());
        assertEquals(served, kept, "the answer as KBank gave it, altered field included");
    }

    private static void assertOrderUnpaid(OrderId order) {
        Order stored = c.tables().orders().find(order).orElseThrow();
        assertFalse(stored.isPaid());
        assertEquals(null, stored.paidChargeId());
    }

    @Test
    void theUnalteredAnswerPaysOnEachPath() {
        OrderId qrOrder = order();
        ChargeId qr = ChargeId.parse("chrg_test_bind_qr_ok" + seq);
        KBankAlterations.paidCharge(suite, true, qr.value(), qrOrder.value());
        assertEquals(Settlement.PAID, qrCallback.payments().qr().settle(qrOrder, qr, Optional.of(Money.of("100.00"))).settlement());

        OrderId cardOrder = order();
        CardPaymentRecord record = cardRecord(cardOrder, "chrg_test_bind_card_ok" + seq);
        ChargeId card = record.chargeId();
        KBankAlterations.paidCharge(suite, false, card.value(), cardOrder.value());
        CardPayments.Found found = new CardPayments.Found(record, cardCallback.tables().cardPaymentRecords());
        assertEquals(Settlement.PAID, cardCallback.payments().card().settle(found, card, Optional.empty(), Optional.empty()).settlement());
        assertEquals(Money.of("100.00"), processPaidOrder.payments().card().confirm(c.tables().orders().find(cardOrder).orElseThrow(), card).paidAmount());
    }

    @ParameterizedTest(name = "QR: {0}")
    @MethodSource("alterations")
    void theQrSettlePathRefusesAnAlteredAnswer(Alteration alteration) {
        OrderId order = order();
        ChargeId charge = ChargeId.parse("chrg_test_bind_qr" + seq);
        KBankAlterations.paidCharge(suite, true, charge.value(), order.value());
        suite.kbank().alter("GET", "/qr/v2/qr/" + charge.value(), a -> alteration.applyTo(a, order.value()));

        PaymentRejectedException refusal = assertThrows(PaymentRejectedException.class,
                () -> qrCallback.payments().qr().settle(order, charge, Optional.of(Money.of("100.00"))));

        assertEquals(alteration.refusal(), refusal.reason().name(), refusal.getMessage());
        Optional<QrPaymentRecord> record = c.tables().qrPaymentRecords().find(charge);
        assertTrue(record.isEmpty() || !record.get().paid(), "no paid record");
        assertEquals(0, handOns(c.platform().names().processPaidOrderInternalFunction(), charge.value()));
        assertOrderUnpaid(order);
        assertLoggedWithAnswer(qrCallback, refusal, order, charge, alteration.refusal());
    }

    @ParameterizedTest(name = "card: {0}")
    @MethodSource("alterations")
    void theCardSettlePathRefusesAnAlteredAnswer(Alteration alteration) {
        OrderId order = order();
        CardPaymentRecord record = cardRecord(order, "chrg_test_bind_card" + seq);
        ChargeId charge = record.chargeId();
        KBankAlterations.paidCharge(suite, false, charge.value(), order.value());
        suite.kbank().alter("GET", "/card/v2/charge/" + charge.value(), a -> alteration.applyTo(a, order.value()));

        PaymentRejectedException refusal = assertThrows(PaymentRejectedException.class, () -> cardCallback.payments().card().settle(
                new CardPayments.Found(record, cardCallback.tables().cardPaymentRecords()), charge, Optional.empty(), Optional.empty()));

        assertEquals(alteration.refusal(), refusal.reason().name(), refusal.getMessage());
        CardPaymentRecord after = c.tables().cardPaymentRecords().findByToken(record.tokenId()).orElseThrow();
        assertFalse(after.paid(), "the record is not paid");
        assertFalse(after.handOn().isDone(), "nothing handed on");
        assertEquals(0, handOns(c.platform().names().processPaidOrderFunction(), record.tokenId().value()));
        assertOrderUnpaid(order);
        assertLoggedWithAnswer(cardCallback, refusal, order, charge, alteration.refusal());
    }

    @ParameterizedTest(name = "ProcessPaidOrder's inquiry: {0}")
    @MethodSource("alterations")
    void processPaidOrdersOwnInquiryRefusesAnAlteredAnswer(Alteration alteration) {
        OrderId order = order();
        CardPaymentRecord record = cardRecord(order, "chrg_test_bind_ppo" + seq);
        ChargeId charge = record.chargeId();
        KBankAlterations.paidCharge(suite, false, charge.value(), order.value());
        suite.kbank().alter("GET", "/card/v2/charge/" + charge.value(), a -> alteration.applyTo(a, order.value()));

        PaidOrderProcessor.Outcome outcome = processPaidOrder.payments().paidOrders().process("process-paid-order",
                Json.write(PaidOrderRequest.card(order, charge, true, record.tokenId()).toJson()),
                List.of(PaidOrderProcessor.AfterPaid.NOTIFY));

        assertEquals(PaidOrderProcessor.Outcome.NOT_PAID, outcome);
        assertOrderUnpaid(order);
        assertTrue(test.mailSubjects().stream().noneMatch(s -> s.contains("Order " + order.value() + " paid")));
    }

    /** A card payment of {@link KBankAlterations#ORDER_TOTAL} THB that card-token recorded with its charge. */
    private static CardPaymentRecord cardRecord(OrderId order, String charge) {
        CardToken token = new CardToken("tokn_test_bind" + seq);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(token, order, Money.of(KBankAlterations.ORDER_TOTAL),
                null, false, new OwnerId("owner-bind"), Instant.now()));
        c.tables().cardPaymentRecords().setCharge(token, new ChargeId(charge));
        return c.tables().cardPaymentRecords().findByToken(token).orElseThrow();
    }
}
