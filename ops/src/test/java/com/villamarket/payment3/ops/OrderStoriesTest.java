package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.ops.Verdict.Kind;
import com.villamarket.payment3.testkit.PythonEraRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The story's verdict for each scenario of the integrity tests, each made by the real functions on
 * moto's DynamoDB and the KBank stub: paid once, paid twice, forged and refused, crashed and stuck,
 * pending 3-D Secure, replayed; and the edge cases (the Python stack's header, ADDCARD, nothing at all).
 * Each story is told through the read-only guard, so a write anywhere in it would fail the test.
 * The renderings are written to target/story-examples, where the README's examples come from.
 */
@StoryTest
class OrderStoriesTest {

    private static StoryHarness h;

    @BeforeAll
    static void start(StoryHarness harness) {
        h = harness;
    }

    @Test
    void aQrPaymentProcessedOnceIsPaidOnceByItsCharge() {
        String order = h.order("6.00");
        h.suite.paidQrCharge("chrg_test_once", "6.00", order);
        assertEquals(200, h.qrCallback(order, "6.00", "chrg_test_once").status());
        assertEquals(List.of(), h.drain());

        Story story = h.story(order);

        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_once", story);
        assertEquals(List.of(), story.verdict().actions(), "nothing left to do");
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("QR callback") && t.contains("ACCEPTED")), texts(story).toString());
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("paid notification") && t.contains("done")));
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("success row")));
        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_once", h.story("chrg_test_once"));
        example("paid-once", story);
    }

    @Test
    void aCardPaymentAfterThreeDSecureIsPaidOnceAndItsCardNotifyIsInTheStory() {
        String order = h.order("80.00");
        StoryHarness.CardPayment payment = h.paidAtKBank(order, "owner-story");
        String charge = payment.charge();
        assertEquals(200, h.cardCallback(payment).status());
        h.drain();

        Story story = h.story(charge);

        assertEquals(order, story.orderId());
        assertVerdict(Kind.PAID_ONCE, "paid once by " + charge, story);
        assertTrue(texts(story).stream().anyMatch(t -> t.startsWith("card callback for " + charge)), texts(story).toString());
        assertTrue(texts(story).stream().anyMatch(t -> t.startsWith("keeping the card") && t.contains("done")));
    }

    @Test
    void aSecondQrChargeForAPaidOrderIsPaidTwiceAndNamesTheChargeToRefund() {
        String order = h.order("6.00");
        h.suite.paidQrCharge("chrg_test_first", "6.00", order);
        h.suite.paidQrCharge("chrg_test_second", "6.00", order);
        assertEquals(200, h.qrCallback(order, "6.00", "chrg_test_first").status());
        h.drain();
        assertEquals(409, h.qrCallback(order, "6.00", "chrg_test_second").status());

        Story story = h.story(order);

        assertVerdict(Kind.PAID_TWICE, "paid twice: chrg_test_second needs a refund (the order is paid by chrg_test_first)",
                story);
        assertEquals("chrg_test_second", story.verdict().charge());
        assertVerdict(Kind.PAID_TWICE, story.verdict().text(), h.story("chrg_test_second"));
        example("paid-twice", story);
    }

    @Test
    void aCardChargeThatCameAfterAQrPaymentIsPaidTwice() {
        String order = h.order("90.00");
        StoryHarness.CardPayment payment = h.threeDSecurePayment(order, "owner-race");
        String card = payment.charge();
        h.suite.paidQrCharge("chrg_test_race_qr", "90.00", order);
        assertEquals(200, h.qrCallback(order, "90.00", "chrg_test_race_qr").status());
        h.drain();
        h.suite.kbank().complete3ds(card, true);
        h.cardCallback(payment);
        h.drain();

        Story story = h.story(order);

        assertVerdict(Kind.PAID_TWICE, "paid twice: " + card + " needs a refund (the order is paid by chrg_test_race_qr)", story);
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("came after the order was paid")), texts(story).toString());
    }

    @Test
    void forgedAndTamperedCallbacksLeaveOnlyRefusals() {
        String victim = h.order("500.00");
        String other = h.order("500.00");
        h.suite.paidQrCharge("chrg_test_other", "500.00", other);
        h.suite.paidQrCharge("chrg_test_cheap", "5.00", victim);
        assertEquals(409, h.qrCallback(victim, "500.00", "chrg_test_other").status());
        assertEquals(400, h.qrCallback(victim, "500.00", "chrg_test_cheap").status());
        assertEquals(400, h.qrCallback(victim, "500.00", "chrg_test_nobody").status());

        Story story = h.story(victim);
        Story withKBank = h.storyWithKBank(victim);

        assertVerdict(Kind.REFUSED, "no payment: only refused reports (OTHER_ORDER, AMOUNT_MISMATCH, UNKNOWN_CHARGE)", story);
        assertVerdict(Kind.REFUSED, story.verdict().text(), withKBank);
        assertTrue(texts(withKBank).stream().anyMatch(t -> t.startsWith("KBank now, qr charge chrg_test_other")
                && t.endsWith("not this order's by the suite's rules")), texts(withKBank).toString());
        assertTrue(story.events().stream().filter(e -> "error-log".equals(e.source())).allMatch(e -> e.replay() == null),
                "a refusal has nothing to replay");
        example("refused", story);
    }

    @Test
    void aForgedCardNotifyForAChargeNobodyRecordedIsARefusal() {
        String forged = Json.parse(Handlers.event("card-notify/forged.json")).path("body").asText();
        String charge = Json.parse(forged).path("id").asText();
        assertEquals(401, h.api(h.cardNotify, "/notify", "application/json", forged).status());

        Story story = h.story(charge);

        assertEquals(null, story.orderId());
        assertVerdict(Kind.REFUSED, "no payment: only refused reports (INVALID_CHECKSUM)", story);
    }

    @Test
    void aQrCallbackKilledAfterClaimingTheHandOnIsACustomerWhoPaidForAnUnpaidOrderUntilReconciled() {
        String order = h.order("64.50");
        h.suite.paidQrCharge("chrg_test_stuck", "64.50", order);
        String records = h.c.platform().names().qrPaymentRecordTable();
        // The paid charge is recorded with its hand-on claimed in one write; the run dies right after it.
        h.killAfter(call -> call.equals("dynamodb putItem " + records));
        assertThrows(Killed.class, () -> h.qrCallback(order, "64.50", "chrg_test_stuck"));

        Story story = h.story(order);
        Story withKBank = h.storyWithKBank(order);

        assertVerdict(Kind.CUSTOMER_PAID_ORDER_UNPAID, "the customer paid (the suite's record: paid, as KBank said when"
                + " last asked), the order is unpaid: reconcile", story);
        assertVerdict(Kind.CUSTOMER_PAID_ORDER_UNPAID, "the customer paid (KBank: Authorized), the order is unpaid: reconcile",
                withKBank);
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("handed on to ProcessPaidOrderInternal: claimed, not done")));
        example("customer-paid-order-unpaid", withKBank);

        h.reconcileLater();
        h.drain();
        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_stuck", h.story(order));
    }

    @Test
    void anOrderMarkedPaidByARunThatDiedIsPaidOnceWithWhatIsLeftToFinish() {
        String order = h.order("12.00");
        h.suite.paidQrCharge("chrg_test_halfway", "12.00", order);
        h.killAfter(call -> call.equals("dynamodb updateItem " + h.c.platform().config().orderTable()));
        assertEquals(200, h.qrCallback(order, "12.00", "chrg_test_halfway").status());
        assertThrows(Killed.class, h::drain);

        Story story = h.story(order);

        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_halfway", story);
        assertTrue(story.verdict().actions().get(0).startsWith("no success row in the process-paid-order table"),
                story.verdict().actions().toString());
    }

    @Test
    void aFailedHandOnIsReplayedFromItsErrorLogEntryAndThenPaidOnce() {
        String order = h.order("14.00");
        h.suite.paidQrCharge("chrg_test_replayed", "14.00", order);
        h.refuseInvocations(true);
        assertEquals(503, h.qrCallback(order, "14.00", "chrg_test_replayed").status());
        h.refuseInvocations(false);
        CallbackError entry = h.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> "chrg_test_replayed".equals(ReceivedId.textOf(e.chargeId()))).findFirst().orElseThrow();

        Story before = h.story(order);

        assertVerdict(Kind.CUSTOMER_PAID_ORDER_UNPAID, "the customer paid (the suite's record: paid, as KBank said when last"
                + " asked), the order is unpaid: replay errorId " + entry.errorId() + " or reconcile", before);
        StoryEvent logged = before.events().stream().filter(e -> "error-log".equals(e.source())).findFirst().orElseThrow();
        assertTrue(logged.replay().contains("\"errorId\": \"" + entry.errorId() + "\""), logged.replay());

        JsonNode replayed = Json.parse(h.replay.handle("{\"errorId\": \"" + entry.errorId() + "\"}")).get(0);
        assertTrue(replayed.path("succeeded").asBoolean(), replayed.toString());
        h.drain();

        Story after = h.story(order);
        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_replayed", after);
        assertTrue(after.events().stream().anyMatch(e -> "error-log".equals(e.source()) && e.text().contains("resolved")
                && e.replay() == null), texts(after).toString());
        example("replayed-before", before);
        example("replayed-after", after);
    }

    @Test
    void aCallbackThatFailedWhileKBankWasDownIsAnOpenReportUntilKBankSaysThePaymentIsIn() {
        String order = h.order("13.00");
        h.suite.kbank().respond("GET", "/qr/v2/qr/chrg_test_kbank_down", 502, "down");
        assertEquals(503, h.qrCallback(order, "13.00", "chrg_test_kbank_down").status());
        String errorId = h.c.tables().callbackErrorLog().scanAll().stream()
                .filter(e -> "chrg_test_kbank_down".equals(ReceivedId.textOf(e.chargeId()))).findFirst().orElseThrow().errorId();

        assertVerdict(Kind.REPORT_FAILED, "not settled: a report of chrg_test_kbank_down failed on our side"
                + " (KBANK_UNAVAILABLE) and is still open: replay errorId " + errorId, h.story(order));
        example("report-failed", h.story(order));

        h.suite.kbank().reset();
        h.suite.paidQrCharge("chrg_test_kbank_down", "13.00", order);
        assertVerdict(Kind.CUSTOMER_PAID_ORDER_UNPAID, "the customer paid (KBank: Authorized), the order is unpaid:"
                + " replay errorId " + errorId, h.storyWithKBank(order));
    }

    @Test
    void aCallbackErrorThePythonStackLoggedIsInTheStoryAsAnOpenReportAndReplayPaysItOnce() {
        String order = h.order("15.00");
        String errorId = UUID.randomUUID().toString();
        String event = Handlers.restEvent("/qrcallback", "application/x-www-form-urlencoded",
                "orderId=" + order + "&status=success&amount=15.00&chargeId=chrg_test_python_logged", "req-python-logged");
        new PythonEraRecords(h.suite.dynamoDb()).callbackError(h.c.platform().names().callbackErrorLogTable(), errorId,
                h.clock.instant(), "qrcallback", order, "chrg_test_python_logged",
                "HTTPSConnectionPool(host='openapi.kasikornbank.com', port=443): Read timed out.", event);
        h.suite.paidQrCharge("chrg_test_python_logged", "15.00", order);

        Story before = h.storyWithKBank(order);

        StoryEvent logged = before.events().stream().filter(e -> "error-log".equals(e.source())).findFirst()
                .orElseThrow(() -> new AssertionError(texts(before)));
        assertTrue(logged.text().contains("Read timed out"), logged.text());
        assertTrue(logged.replay().contains("\"errorId\": \"" + errorId + "\""), logged.replay());
        assertEquals(Kind.CUSTOMER_PAID_ORDER_UNPAID, before.verdict().kind(), before.verdict().text());
        assertTrue(before.verdict().text().contains("replay errorId " + errorId), before.verdict().text());

        JsonNode replayed = Json.parse(h.replay.handle("{\"errorId\": \"" + errorId + "\"}")).get(0);
        assertTrue(replayed.path("succeeded").asBoolean(), replayed.toString());
        h.drain();
        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_test_python_logged", h.story(order));
    }

    @Test
    void aCardPaymentPaidAtKBankWhoseCallbackDiedIsForReconciliationToFinish() {
        String order = h.order("42.00");
        StoryHarness.CardPayment payment = h.paidAtKBank(order, "owner-died");
        String charge = payment.charge();
        // The callback records what KBank said and claims the hand-on in one write; the run dies right after it.
        String cards = h.c.platform().names().cardPaymentRecordTable();
        h.killAfter(call -> call.equals("dynamodb updateItem " + cards));
        assertThrows(Killed.class, () -> h.cardCallback(payment));

        Story story = h.story(order);

        assertEquals(Kind.CUSTOMER_PAID_ORDER_UNPAID, story.verdict().kind(), story.verdict().text());
        assertTrue(story.verdict().actions().stream().anyMatch(a -> a.startsWith("reconcile (it runs every 10 minutes")),
                "the card record holds the charge, so reconciliation is the way on: " + story.verdict().actions());

        h.reconcileLater();
        h.drain();
        assertVerdict(Kind.PAID_ONCE, "paid once by " + charge, h.story(order));
    }

    @Test
    void aCardPaymentWaitingForThreeDSecureIsPendingSinceItWasMade() {
        String order = h.order("41.00");
        StoryHarness.CardPayment payment = h.threeDSecurePayment(order, "owner-3ds");

        Story story = h.story(order);
        Story withKBank = h.storyWithKBank(order);

        assertEquals(Kind.PENDING_3DS, story.verdict().kind());
        assertTrue(story.verdict().text().startsWith("pending 3-D Secure since "), story.verdict().text());
        assertEquals(payment.charge(), story.verdict().charge());
        assertTrue(withKBank.verdict().text().endsWith(" (KBank: Pre-Authorized)"), withKBank.verdict().text());
        example("pending-3ds", withKBank);
    }

    @Test
    void aQrChargeKBankHasNotSettledIsPending() {
        String order = h.order("20.00");
        h.suite.qrCharge("chrg_test_initialize", "20.00", "error", "Initialize", order);
        assertEquals(202, h.qrCallback(order, "20.00", "chrg_test_initialize").status());

        Story story = h.story(order);

        assertEquals(Kind.PENDING, story.verdict().kind());
        assertTrue(story.verdict().text().endsWith(": KBank has not settled QR charge chrg_test_initialize yet"),
                story.verdict().text());
        example("pending", story);
    }

    @Test
    void aDeclinedCardIsARefusalWithItsFailureEmail() {
        String order = h.order("30.00");
        String token = h.suite.kbank().cardToken("declined");
        assertEquals(402, h.cardPayment(token, order, "owner-declined").status());
        h.drain();

        Story story = h.story(order);

        assertEquals(Kind.REFUSED, story.verdict().kind(), story.verdict().text());
        assertTrue(story.verdict().text().contains("NOT_PAID"), story.verdict().text());
        assertTrue(texts(story).stream().anyMatch(t -> t.contains("failure e-mail sent")), texts(story).toString());
    }

    @Test
    void anOrderThePythonStackPaidShowsItsPaymentHeaderAlone() {
        String order = h.pythonPaidOrder("6.00", "chrg_python_1");

        Story story = h.story(order);

        assertVerdict(Kind.PAID_ONCE, "paid once by chrg_python_1 (by its payment header alone)", story);
        assertTrue(texts(story).get(0).startsWith("payment header says paid by chrg_python_1"), texts(story).toString());
    }

    @Test
    void aCardVerificationHasNoOrderAndEndsWithTheCardKept() {
        String token = h.suite.kbank().cardToken("authorized");
        assertEquals(200, h.cardPayment(token, "ADDCARD", "owner-addcard").status());
        h.drain();
        String charge = h.chargeOf(token);

        Story story = h.story(charge);

        assertVerdict(Kind.CARD_VERIFICATION, "no order: a card verification (ADDCARD) of 1.00 THB: the card was kept"
                + " and the charge voided", story);
        assertThrows(IllegalArgumentException.class, () -> h.story("ADDCARD"));
        example("card-verification", story);
    }

    @Test
    void anOrderNobodyPaidForHasNoPayment() {
        String order = h.order("15.00");

        assertVerdict(Kind.NO_PAYMENT, "no payment", h.story(order));
        Story unknown = h.story("002599999999");
        assertVerdict(Kind.NO_PAYMENT, "no payment", unknown);
        assertTrue(unknown.notes().contains("order 002599999999 is not in the order table"), unknown.notes().toString());
        example("no-payment", h.story(order));
    }

    @Test
    void anIdThatIsNeitherAnOrderNorAChargeIsRefusedBeforeAnyRead() {
        assertThrows(IllegalArgumentException.class, () -> h.story("<script>"));
        assertThrows(IllegalArgumentException.class, () -> h.story("chrg_"));
    }

    private static void assertVerdict(Kind kind, String text, Story story) {
        assertEquals(text, story.verdict().text(), () -> StoryText.render(story, StoryHarness.BANGKOK));
        assertEquals(kind, story.verdict().kind());
        assertFalse(story.events().isEmpty() && kind != Kind.NO_PAYMENT, "a verdict other than no payment has events");
    }

    private static List<String> texts(Story story) {
        return story.events().stream().map(StoryEvent::text).toList();
    }

    /** Writes a story as the command prints it, for the README's examples. */
    private static void example(String name, Story story) {
        try {
            Path folder = Path.of("target", "story-examples");
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".txt"), StoryText.render(story, StoryHarness.BANGKOK));
            Files.writeString(folder.resolve(name + ".json"), StoryJson.render(story, StoryHarness.BANGKOK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
