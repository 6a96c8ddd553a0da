package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.testkit.RepoFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kills each flow at every boundary between two writes or calls, then lets what Lambda and the suite
 * do afterwards run: Lambda's retries of an asynchronous invocation, and reconciliation with the
 * clock moved past its minimum age and every lease. Each payment must end paid exactly once, with
 * one success row, every after-paid step done, and nothing left pending or claimed.
 *
 * <p>How a run is killed: every call that leaves the process (DynamoDB, KBank, a Lambda invocation,
 * an e-mail, SNS) goes through a hook ({@code TestComponents.afterEachCall}); at the chosen boundary
 * the hook throws {@link Killed}, an {@link Error}, right after the call returned, so the write or
 * call happened and no {@code catch} of the code under test runs: what a Lambda timeout, an
 * out-of-memory kill or a lost container leave behind. An API function killed so answers nothing (the
 * caller sees a 502 and nobody retries); an asynchronous one is tried again as Lambda does.
 */
class CrashPointTest {

    private static final String PAY_FUNCTION = "shop-pay-function";
    private static final KillSwitch KILL = new KillSwitch();
    private static Wiring w;
    private static int seq;

    @BeforeAll
    static void start() {
        w = new Wiring(env -> env.put("PAY_FUNCTION_NAME", PAY_FUNCTION), KILL);
        w.invoker.register(PAY_FUNCTION, payload -> { });
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    /** Counts the boundaries a flow crosses and kills the run at a chosen one. */
    static final class KillSwitch implements Consumer<String> {
        private boolean on;
        private int target;
        private int count;
        private final List<String> crossed = new ArrayList<>();

        /** Counts from now on, and kills at boundary {@code at} (1-based); 0 only counts. */
        void arm(int at) {
            on = true;
            target = at;
            count = 0;
            crossed.clear();
        }

        void off() {
            on = false;
        }

        List<String> crossed() {
            return List.copyOf(crossed);
        }

        @Override
        public synchronized void accept(String call) {
            // Synchronized: the QR callback's record and its hand-on's DONE are written at the same time (Overlap).
            if (!on) {
                return;
            }
            count++;
            crossed.add(call);
            if (count == target) {
                on = false;
                throw new Killed(call);
            }
        }
    }

    /** One flow: what exists before it (set up whole), and what it does (killed somewhere). */
    private interface Flow {
        Payment prepare();

        /** The request that starts the flow, and everything Lambda runs after it. */
        void run(Payment payment);
    }

    /**
     * A payment under test.
     *
     * @param token     the card token; null for QR
     * @param ownerId   the customer who asked to keep the card; null when none
     * @param reference the KBank QR order's reference; null for card
     */
    private record Payment(String orderId, String chargeId, String token, String ownerId, String reference,
            List<String> steps) {
    }

    // --- the flows ---------------------------------------------------------------------------------

    /** QR: a KBank order created (seed 003), the customer pays, the browser's callback comes. */
    private static final Flow QR_CALLBACK = new Flow() {
        @Override
        public Payment prepare() {
            String order = w.order("64.50");
            String reference = createKBankOrder(order);
            String charge = "chrg_test_crashqr" + (++seq);
            w.suite.kbank().paidQrCharge(charge, "64.50", reference);
            return new Payment(order, charge, null, null, reference, List.of(OrderRepository.PAY, OrderRepository.NOTIFY));
        }

        @Override
        public void run(Payment p) {
            api(() -> w.api(w.qrCallback, Wiring.qrEvent("orderId=" + p.orderId() + "&status=success&amount=64.50&chargeId="
                    + p.chargeId(), "req-crash-" + (++seq))));
            lambda();
        }
    };

    /** QR: the same payment reported by KBank's QR notification instead (seed 004). */
    private static final Flow QR_NOTIFY = new Flow() {
        @Override
        public Payment prepare() {
            return QR_CALLBACK.prepare();
        }

        @Override
        public void run(Payment p) {
            ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/qr-notify/paid.json"));
            ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
            body.put("partnerTxnUid", p.reference()).put("txnAmount", new BigDecimal("64.50")).put("partnerId", "POS001")
                    .put("merchantId", "401001234567001");
            event.put("body", Json.write(body));
            api(() -> w.api(w.qrNotify, Json.write(event)));
            lambda();
        }
    };

    /** Card: 3-D Secure finished, the browser's callback, ProcessPaidOrder, the Pay function, keeping the card. */
    private static final Flow CARD_CALLBACK = new Flow() {
        @Override
        public Payment prepare() {
            return startCardPayment();
        }

        @Override
        public void run(Payment p) {
            api(() -> w.api(w.cardCallback, Wiring.event("/callback", "application/x-www-form-urlencoded",
                    "objectId=" + p.chargeId() + "&token=" + p.token() + "&status=true&saveCard=true", "req-crash-" + (++seq))));
            lambda();
        }
    };

    /** Card: the same payment reported by KBank's signed server-to-server notify instead. */
    private static final Flow CARD_NOTIFY = new Flow() {
        @Override
        public Payment prepare() {
            return startCardPayment();
        }

        @Override
        public void run(Payment p) {
            api(() -> w.api(w.cardNotify, signedNotify(p.chargeId())));
            lambda();
        }
    };

    @TestFactory
    Stream<DynamicTest> qrCallbackThenProcessPaidOrderInternal() {
        return killedAtEveryBoundary("QR callback", QR_CALLBACK);
    }

    @TestFactory
    Stream<DynamicTest> qrNotificationThenProcessPaidOrderInternal() {
        return killedAtEveryBoundary("QR notification", QR_NOTIFY);
    }

    @TestFactory
    Stream<DynamicTest> cardCallbackThenProcessPaidOrderThenKeepTheCard() {
        return killedAtEveryBoundary("card callback", CARD_CALLBACK);
    }

    @TestFactory
    Stream<DynamicTest> cardNotifyThenProcessPaidOrderThenKeepTheCard() {
        return killedAtEveryBoundary("card notify", CARD_NOTIFY);
    }

    /**
     * A second real payment of a paid order, its QR callback killed at every boundary, the report to a person (its
     * once-only claim, the error log entry, the e-mail, DONE) among them: whatever the kill, the retries and
     * reconciliation that follow tell a person (an open ORDER_ALREADY_PAID entry, its e-mail; twice at most, when
     * killed after the entry and before DONE), the charge is kept NEEDS_REFUND and the first payment is untouched.
     * Killed between the claim and the entry, the payment stays pending until reconciliation tells it.
     */
    @TestFactory
    Stream<DynamicTest> aSecondPaymentOfAPaidOrderKilledAtEveryBoundaryIsToldToAPerson() {
        Payment dry = paidTwice();
        KILL.arm(0);
        secondCallback(dry);
        KILL.off();
        List<String> boundaries = KILL.crossed();
        assertTrue(boundaries.stream().anyMatch(b -> b.contains(w.c.platform().names().callbackErrorLogTable())),
                "the report is among the boundaries: " + boundaries);
        recover();
        assertToldOnceOrTwice(dry, "no kill");
        return IntStream.rangeClosed(1, boundaries.size()).mapToObj(k -> DynamicTest.dynamicTest(
                "second payment killed after boundary " + k + " of " + boundaries.size() + ": " + boundaries.get(k - 1), () -> {
                    Payment payment = paidTwice();
                    KILL.arm(k);
                    secondCallback(payment);
                    KILL.off();
                    recover();
                    assertToldOnceOrTwice(payment, boundaries.get(k - 1));
                }));
    }

    /**
     * An order whose customer opened its QR twice (two KBank orders, kbank-create-order's), paid and finished by the
     * first one's charge, and a second charge KBank took for the other.
     *
     * @return the second payment, {@code reference} its KBank order's, {@code steps} holding the first charge
     */
    private static Payment paidTwice() {
        String order = w.order("64.50");
        String firstReference = createKBankOrder(order);
        // A while later (the reference is the order id and the moment): the customer opens the QR again.
        w.clock.advance(Duration.ofMinutes(1));
        String secondReference = createKBankOrder(order);
        String firstCharge = "chrg_test_crashfirst" + (++seq);
        w.suite.kbank().paidQrCharge(firstCharge, "64.50", firstReference);
        Payment first = new Payment(order, firstCharge, null, null, firstReference, List.of(OrderRepository.PAY,
                OrderRepository.NOTIFY));
        QR_CALLBACK.run(first);
        recover();
        assertPaidOnceAndSettled(first, "no kill (the first payment)");
        String second = "chrg_test_crashtwice" + (++seq);
        w.suite.kbank().paidQrCharge(second, "64.50", secondReference);
        return new Payment(order, second, null, null, secondReference, List.of(firstCharge));
    }

    private static void secondCallback(Payment p) {
        api(() -> w.api(w.qrCallback, Wiring.qrEvent("orderId=" + p.orderId() + "&status=success&amount=64.50&chargeId="
                + p.chargeId(), "req-crash-" + (++seq))));
        lambda();
    }

    /** @param p the second payment ({@link #paidTwice}) */
    private static void assertToldOnceOrTwice(Payment p, String killedAfter) {
        String where = "killed after " + killedAfter;
        Order order = w.c.tables().orders().find(new OrderId(p.orderId())).orElseThrow();
        assertEquals(p.steps().get(0), order.paidChargeId().value(), where + ": the first payment is untouched");
        QrPaymentRecord kept = w.c.tables().qrPaymentRecords().find(new ChargeId(p.chargeId())).orElseThrow();
        assertEquals(SettledAs.NEEDS_REFUND, kept.outcome(), where + ": the second charge is kept for the refund");
        assertFalse(kept.pending(), where + ": settled once told");
        KBankOrder kbankOrder = w.c.tables().kbankOrders().findByReference(p.reference()).orElseThrow();
        assertEquals(SettledAs.NEEDS_REFUND, kbankOrder.outcome(), where + ": its KBank order too");
        List<CallbackError> told = w.c.tables().callbackErrorLog().scanAll().stream()
                // Reconciliation's report of a KBank order names the charge in its text, not its chargeId field.
                .filter(e -> p.orderId().equals(ReceivedId.textOf(e.orderId())) && "ORDER_ALREADY_PAID".equals(e.errorType())
                        && e.error().contains(p.chargeId())).toList();
        assertTrue(told.size() >= 1 && told.size() <= 2, where + ": a person is told, at least once (" + told.size() + ")");
        assertTrue(told.size() == 1 || killedAfter.contains(w.c.platform().names().callbackErrorLogTable())
                || killedAfter.startsWith("mail"), where + ": told twice only when killed after the entry (" + told.size() + ")");
        assertTrue(told.stream().noneMatch(CallbackError::resolved), where + ": open until a person refunds it");
        assertEquals(0, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderInternalFunction()).stream()
                .filter(i -> i.payload().contains(p.chargeId())).count(), where + ": the second charge is never processed");
    }

    /** One run without a kill names the boundaries; then one run killed at each. */
    private static Stream<DynamicTest> killedAtEveryBoundary(String name, Flow flow) {
        Payment dry = flow.prepare();
        KILL.arm(0);
        flow.run(dry);
        KILL.off();
        List<String> boundaries = KILL.crossed();
        assertFalse(boundaries.isEmpty());
        recover();
        assertPaidOnceAndSettled(dry, "no kill");
        return IntStream.rangeClosed(1, boundaries.size()).mapToObj(k -> DynamicTest.dynamicTest(
                name + " killed after boundary " + k + " of " + boundaries.size() + ": " + boundaries.get(k - 1), () -> {
                    Payment payment = flow.prepare();
                    KILL.arm(k);
                    flow.run(payment);
                    KILL.off();
                    recover();
                    assertPaidOnceAndSettled(payment, boundaries.get(k - 1));
                }));
    }

    // --- what Lambda and the suite do after a kill -------------------------------------------------

    /** An API function killed mid-request answers nothing: the caller gets a 502 and does not retry. */
    private static void api(Runnable request) {
        try {
            request.run();
        } catch (Killed killed) {
            // API Gateway answers 502; nothing else happens.
        }
    }

    /**
     * Lambda runs the queued asynchronous invocations, trying a failed or killed one twice more, about a
     * minute and then two minutes later: a retry may find a step still held by the killed run, and the
     * last takes it over.
     */
    private static void lambda() {
        w.invoker.runAllAsLambda(3, retry -> w.clock.advance(Duration.ofMinutes(retry)));
    }

    /** Rounds of Lambda's retries and of reconciliation, each with the clock past the minimum age and every lease. */
    private static void recover() {
        for (int round = 0; round < 4; round++) {
            lambda();
            w.reconcileLater();
        }
        lambda();
    }

    private static void assertPaidOnceAndSettled(Payment p, String killedAfter) {
        Order order = w.c.tables().orders().find(new OrderId(p.orderId())).orElseThrow();
        String where = "killed after " + killedAfter;
        assertEquals(p.chargeId(), order.paidChargeId().value(), where + ": the order is paid with its charge");
        assertNotNull(order.finishedAt(), where + ": every after-paid step is done");
        for (String step : p.steps()) {
            assertTrue(order.step(step).isDone(), where + ": " + step + " is done");
        }
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(p.orderId())).stream().filter(r -> r.outcome() == ProcessedAs.PAID).count(),
                where + ": one success row");
        long paidMails = w.test.mailSubjects().stream().filter(s -> s.contains("Order " + p.orderId() + " paid")).count();
        assertTrue(paidMails >= 1 && paidMails <= 2, where + ": the paid e-mail went out, at least once (" + paidMails + ")");
        if (p.token() == null) {
            assertFalse(w.c.tables().qrPaymentRecords().find(new ChargeId(p.chargeId())).orElseThrow().pending(),
                    where + ": the QR payment is settled");
            assertTrue(w.c.tables().qrPaymentRecords().find(new ChargeId(p.chargeId())).orElseThrow().handOn().isDone());
        } else {
            CardPaymentRecord record = w.c.tables().cardPaymentRecords().findByToken(new CardToken(p.token())).orElseThrow();
            assertFalse(record.pending(), where + ": the card payment is settled");
            assertTrue(record.handOn().isDone());
            List<String> kept = w.suite.kbank().customers().values().stream().filter(cards -> cards.contains(p.token()))
                    .findFirst().orElse(List.of());
            assertTrue(kept.contains(p.token()), where + ": the card is kept");
            assertTrue(w.c.tables().kbankUserMapping().kbankId(new OwnerId(p.ownerId())).isPresent(), where + ": the owner is mapped");
        }
        // At least once: a run killed after invoking Pay and before marking the step done invokes it again,
        // with the same idempotency key.
        List<String> pays = w.invoker.invocationsOf(PAY_FUNCTION).stream().map(i -> Json.parse(i.payload()))
                .filter(payload -> payload.path("orderId").asText().equals(p.orderId()))
                .map(payload -> payload.path("idempotencyKey").asText()).toList();
        assertTrue(pays.size() >= 1 && pays.size() <= 2, where + ": the Pay function got the order (" + pays.size() + ")");
        assertTrue(pays.stream().allMatch((p.orderId() + ":" + p.chargeId())::equals), where + ": one idempotency key " + pays);
        assertFalse(w.c.tables().orders().find(new OrderId(p.orderId())).orElseThrow().steps().values().stream()
                .anyMatch(StepState::isInProgress), where + ": no step left claimed");
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static String createKBankOrder(String orderId) {
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/kbank-create-order/qr.json"));
        event.put("body", Json.write(Json.object().put("orderid", orderId).put("source", "qr")));
        Wiring.Answer answer = w.api(w.createOrder, Json.write(event));
        assertEquals(200, answer.status(), answer.body());
        return Json.parse(answer.body()).path("reference_order").asText();
    }

    /** An order paid by card: card-token, then 3-D Secure completed at KBank. */
    private static Payment startCardPayment() {
        String owner = "owner-crash-" + (++seq);
        String order = w.order("250.50", owner);
        String token = w.suite.kbank().cardToken("3ds");
        String pay = Wiring.event("/cardpayment", "application/json", Json.write(Json.object().put("token", token)
                .put("orderId", order).put("ownerId", owner).put("saveCard", true)), "req-pay-" + seq);
        assertEquals(200, w.api(w.cardToken, pay).status());
        String charge = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
        w.suite.kbank().complete3ds(charge, true);
        return new Payment(order, charge, token, owner, null, List.of(OrderRepository.PAY, OrderRepository.NOTIFY,
                OrderRepository.SAVE_CARD));
    }

    /** KBank's notify for a charge as the stub has it, signed with the suite's secret key. */
    private static String signedNotify(String chargeId) {
        ObjectNode charge = w.suite.kbank().charge("/card/v2/charge/" + chargeId).deepCopy();
        String fourDecimals = charge.path("amount").decimalValue().setScale(4, RoundingMode.HALF_UP).toPlainString();
        charge.put("checksum", sha256(chargeId + fourDecimals + charge.path("currency").asText()
                + charge.path("status").asText() + charge.path("transaction_state").asText() + "skey_test_local"));
        return Wiring.event("/notify", "application/json", Json.write(charge), "req-notify-" + (++seq));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
