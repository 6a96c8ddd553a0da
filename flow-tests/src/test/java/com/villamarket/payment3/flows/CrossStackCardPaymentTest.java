package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessFunctions;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-stack window of a card payment (issue 19): the master branch runs this suite too, its card-token
 * recorded the payment (pending on master's table), and a branch's card callback or notify found it only there
 * and adopted it ({@code CardPaymentRecordRepository.adoptFrom}: an exact copy, pending marker included). The
 * record is then pending on both tables, and each stack's reconciliation, callback or notify may finish it:
 * the order is handed to both stacks' ProcessPaidOrder. Both stacks read the shop's one order table and one
 * KBank, and each stack's functions run over their own role. The order's paid-once claim and its once-only
 * after-paid steps (on the order's item, which both stacks share) make the second hand-on a no-op: the shop's
 * Pay is invoked once, the customer told once, the card kept once, and each stack's record ends settled.
 */
class CrossStackCardPaymentTest {

    private static final String PAY = "shop-pay";

    private static LocalSuite branch;
    private static LocalSuite master;
    private static Stack onBranch;
    private static Stack onMaster;
    /** The shop's one Pay function, which either stack may invoke. */
    private static final List<String> pays = new CopyOnWriteArrayList<>();
    private static int seq;

    /** One stack's functions, each over its own role, chained by its own in-process invoker. */
    private record Stack(TestComponents test, Components admin, InProcessFunctions functions, ReconcileService reconcile) {

        static Stack on(LocalSuite suite) {
            TestComponents test = TestComponents.builder(suite).env(env -> env.put("PAY_FUNCTION_NAME", PAY)).build();
            test.invoker().register(PAY, pays::add);
            return new Stack(test, test.admin(), InProcessFunctions.of(test, test.invoker()),
                    ReconcileService.create(test.as("ReconcileFunction")));
        }

        /** Runs what the stack's functions queued; nothing may fail. */
        void drain() {
            assertEquals(List.of(), test.invoker().runAll());
        }

        /** A run of the stack's reconciliation once every record is past its minimum age and every lease. */
        ReconcileService.Summary reconcileLater() {
            later(admin.platform().config().reconcileMinAge().plus(OnceOnly.LEASE).plusSeconds(1));
            return reconcile.run();
        }

        String cardCallback(String charge, String token) {
            Handlers.ApiAnswer answer = Handlers.api(functions.handler(admin.platform().names().cardCallbackFunction()),
                    Handlers.restEvent("/callback", "application/x-www-form-urlencoded",
                            "objectId=" + charge + "&token=" + token + "&status=true", "req-cross-" + (++seq)));
            assertEquals(200, answer.status(), answer.body());
            drain();
            return answer.body();
        }

        CardPaymentRecord record(String token) {
            return admin.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
        }

        long paidMails(String order) {
            return test.mailSubjects().stream().filter(s -> s.contains("Order " + order + " paid")).count();
        }

        long successRows(String order) {
            return admin.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().filter(r -> r.outcome() == ProcessedAs.PAID)
                    .count();
        }

        long cardsKept(String token) {
            return test.invoker().invocationsOf(admin.platform().names().kbankCreateUserFunction()).stream()
                    .filter(i -> i.payload().contains(token)).count();
        }

        long handOns(String token) {
            return test.invoker().invocationsOf(admin.platform().names().processPaidOrderFunction()).stream()
                    .filter(i -> i.payload().contains(token)).count();
        }
    }

    /** Both stacks' clocks (each harness has its own) moved to one instant, {@code by} after the later of the two. */
    private static void later(Duration by) {
        Instant at = Collections.max(List.of(onBranch.test().clock().instant(), onMaster.test().clock().instant())).plus(by);
        for (Stack stack : List.of(onBranch, onMaster)) {
            stack.test().clock().advance(Duration.between(stack.test().clock().instant(), at));
        }
    }

    @BeforeAll
    static void start() {
        Map<String, String> pay = LocalSuite.parametersOf(Map.of("PAY_FUNCTION_NAME", PAY));
        branch = LocalSuite.start(pay);
        master = LocalSuite.startMaster(branch, pay);
        onBranch = Stack.on(branch);
        onMaster = Stack.on(master);
    }

    @AfterAll
    static void stop() {
        master.close();
        branch.close();
    }

    @BeforeEach
    void reset() {
        pays.clear();
    }

    /**
     * A card payment master's card-token recorded (pending on master's table, its charge set) for a new order of
     * the shop's order table, and KBank's answer: paid after 3-D Secure.
     */
    private record Payment(String order, String token, String charge) {
    }

    private static Payment paymentOnMaster(String total) {
        String order = String.format("7900%08d", ++seq);
        String token = "tokn_test_cross" + seq;
        String charge = "chrg_test_cross" + seq;
        onMaster.admin().tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"),
                DataForm.JSON_STRING);
        onMaster.admin().tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order), Money.of(total), null, true,
                new OwnerId("owner-cross"), onMaster.test().clock().instant()));
        onMaster.admin().tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId(charge));
        master.kbank().cardCharge(charge, total, "success", "Authorized", order);
        return new Payment(order, token, charge);
    }

    private static void assertPaidOnceAcrossBothStacks(Payment payment) {
        String order = payment.order();
        Order paid = onBranch.admin().tables().orders().find(new OrderId(order)).orElseThrow();
        assertEquals(payment.charge(), paid.paidChargeId().value());
        assertEquals(1, pays.stream().filter(p -> p.contains(order)).count(), "the shop's Pay invoked once: " + pays);
        assertEquals(1, onBranch.paidMails(order) + onMaster.paidMails(order), "the customer told once");
        assertEquals(1, onBranch.cardsKept(payment.token()) + onMaster.cardsKept(payment.token()), "the card kept once");
    }

    @Test
    void aBranchsCallbackFinishesMastersPaymentAndMastersReconciliationFindsItPendingThereAndChangesNothing() {
        Payment payment = paymentOnMaster("320.00");
        String token = payment.token();

        onBranch.cardCallback(payment.charge(), token);

        assertEquals(1, onBranch.handOns(token));
        assertTrue(onBranch.record(token).paid());
        assertTrue(onMaster.record(token).pending(), "the window: master's own record is still pending");
        assertPaidOnceAcrossBothStacks(payment);

        onMaster.reconcileLater();
        onMaster.drain();

        assertEquals(1, onMaster.handOns(token), "master's reconciliation hands the order on a second time");
        assertPaidOnceAcrossBothStacks(payment);
        assertEquals(1, onBranch.successRows(payment.order()), "each stack's process-paid-order table has its success row");
        assertEquals(1, onMaster.successRows(payment.order()));
        onMaster.reconcileLater();
        onBranch.reconcileLater();
        onMaster.drain();
        onBranch.drain();
        assertEquals(SettledAs.PAID, onMaster.record(token).outcome(), "master's record ends settled");
        assertEquals(SettledAs.PAID, onBranch.record(token).outcome(), "the branch's copy ends settled");
        assertPaidOnceAcrossBothStacks(payment);
    }

    @Test
    void mastersCallbackAndTheBranchsReconciliationOfItsCopyPayTheOrderOnce() {
        Payment payment = paymentOnMaster("45.50");
        String token = payment.token();
        // The branch's notify came first and adopted the record, then died before settling it.
        onBranch.admin().tables().cardPaymentRecords().adoptFrom(onMaster.admin().tables().cardPaymentRecords(), new CardToken(token));
        assertTrue(onBranch.record(token).pending());

        onMaster.cardCallback(payment.charge(), token);
        assertPaidOnceAcrossBothStacks(payment);
        onBranch.reconcileLater();
        onBranch.drain();

        assertEquals(1, onMaster.handOns(token));
        assertEquals(1, onBranch.handOns(token), "the branch's reconciliation hands its copy on");
        assertPaidOnceAcrossBothStacks(payment);
        onBranch.reconcileLater();
        onMaster.reconcileLater();
        assertEquals(SettledAs.PAID, onBranch.record(token).outcome());
        assertEquals(SettledAs.PAID, onMaster.record(token).outcome());
    }
}
