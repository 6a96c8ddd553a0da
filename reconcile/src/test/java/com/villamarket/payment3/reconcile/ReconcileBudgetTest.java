package com.villamarket.payment3.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.verifyNoInteractions;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.SettledAs;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abandoned 3-D Secure payments and a run's time budget, over moto's DynamoDB and the KBank stub: a
 * run works newest first, stops when its budget is spent (each KBank inquiry moves the suite's clock
 * by 200 ms, so a 10 s budget covers exactly 50 of them), reports what it left, and settles a payment
 * KBank never finished as EXPIRED once it is older than the abandonment age, with no error-log entry
 * and no e-mail; the next run goes on from where the last one stopped.
 */
@LocalSuiteTest
class ReconcileBudgetTest {

    private static final Duration PER_KBANK_CALL = Duration.ofMillis(200);
    private static final int BUDGET_SECONDS = 10;
    private static final int PER_RUN = (int) (Duration.ofSeconds(BUDGET_SECONDS).toMillis() / PER_KBANK_CALL.toMillis());
    private static final int OLD = 100;
    private static final int YOUNG = 20;

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static final AtomicInteger cardTableQueries = new AtomicInteger();
    private static final List<String> oldTokens = new ArrayList<>();
    private static final List<String> youngTokens = new ArrayList<>();
    private static Instant oldest;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents.Builder builder) {
        suite = localSuite;
        AtomicReference<TestComponents> parts = new AtomicReference<>();
        test = builder
                .env(env -> env.put("RECONCILE_TIME_BUDGET_SECONDS", String.valueOf(BUDGET_SECONDS)))
                .afterEachCall(call -> {
                    // KBank answers each inquiry in 200 ms, on the clock the run measures its budget with.
                    if (call.startsWith("kbank ")) {
                        parts.get().clock().advance(PER_KBANK_CALL);
                    }
                    if (call.equals("dynamodb query " + parts.get().admin().platform().names().cardPaymentRecordTable())) {
                        cardTableQueries.incrementAndGet();
                    }
                })
                .build();
        parts.set(test);
        c = test.admin();
        Instant now = test.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        // 100 abandoned 3-D Secure payments of two days ago, a minute apart, oldest first; 20 of two hours ago.
        oldest = now.minus(Duration.ofHours(48));
        IntStream.range(0, OLD).forEach(i -> oldTokens.add(pending3ds("old", i, oldest.plus(Duration.ofMinutes(i)))));
        IntStream.range(0, YOUNG).forEach(i -> youngTokens.add(pending3ds("young", i,
                now.minus(Duration.ofHours(2)).plus(Duration.ofMinutes(i)))));
    }


    /** A card payment whose customer left KBank's 3-D Secure page: KBank keeps its charge Pre-Authorized. */
    private static String pending3ds(String kind, int i, Instant createdAt) {
        String token = String.format("tokn_test_%s_%03d", kind, i);
        String charge = String.format("chrg_test_%s_%03d", kind, i);
        String order = String.format("0025%08d", (kind.equals("old") ? 0 : 1000) + i);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken(token), new OrderId(order), Money.of("41.00"),
                "https://shop.example/thanks", false, new OwnerId("owner-" + i), createdAt));
        c.tables().cardPaymentRecords().setCharge(new CardToken(token), new ChargeId(charge));
        suite.kbank().cardCharge(charge, "41.00", "success", "Pre-Authorized", order);
        return token;
    }

    @Test
    void eachRunWorksNewestFirstWithinItsBudgetReportsWhatItLeftAndSettlesAbandonedPaymentsWithoutAPage() {
        cardTableQueries.set(0);
        List<String> log = new ArrayList<>();
        JsonNode first = run(log);

        // The 20 young ones and the 30 newest old ones: the budget's 50 inquiries, newest first.
        assertEquals(PER_RUN, first.path("examined").asInt(), first.toString());
        assertEquals(YOUNG, first.path("pending").asInt(), "younger than a day: left pending, not reported");
        assertEquals(PER_RUN - YOUNG, first.path("abandoned").asInt());
        assertEquals(0, first.path("reported").asInt());
        assertEquals(0, first.path("errors").asInt());
        int leftAfterFirst = OLD - (PER_RUN - YOUNG);
        assertEquals(leftAfterFirst, first.path("left").asInt());
        assertEquals(oldest.toString(), first.path("oldestLeft").asText());
        assertEquals(List.of(), settledOf(youngTokens));
        assertEquals(IntStream.range(leftAfterFirst, OLD).boxed().toList(), settledIndexes());
        for (int i = 0; i < leftAfterFirst; i++) {
            assertEquals(0, suite.kbank().calls("GET", String.format("/card/v2/charge/chrg_test_old_%03d", i)),
                    "older than every payment the run got to: KBank not asked");
        }
        // The index is read a page at a time (two pages, the count of what is left, the oldest one), not whole.
        assertTrue(cardTableQueries.get() <= 4, "queries of the card table: " + cardTableQueries.get());
        JsonNode done = line(log, "reconciliation done");
        assertEquals(leftAfterFirst, done.path("left").asInt(), done.toString());
        assertEquals(oldest.toString(), done.path("oldestLeft").asText());
        assertEquals(leftAfterFirst, line(log, "reconciliation stopped at its time budget; the older payments are left"
                + " to the next run").path("left").asInt());
        JsonNode metrics = log.stream().filter(l -> l.startsWith("{")).map(Json::parse)
                .filter(l -> l.has(Metrics.RECONCILE_LEFT)).findFirst().orElseThrow();
        assertEquals(leftAfterFirst, metrics.path(Metrics.RECONCILE_LEFT).asInt(), metrics.toString());

        // The next run asks about the young ones again, then goes on with the old ones where the first stopped.
        JsonNode second = run(new ArrayList<>());
        assertEquals(PER_RUN, second.path("examined").asInt(), second.toString());
        assertEquals(PER_RUN - YOUNG, second.path("abandoned").asInt());
        int leftAfterSecond = leftAfterFirst - (PER_RUN - YOUNG);
        assertEquals(leftAfterSecond, second.path("left").asInt());
        assertEquals(IntStream.range(leftAfterSecond, OLD).boxed().toList(), settledIndexes());

        // Abandoned payments page nobody: no error-log entry, no e-mail, no SES call.
        assertEquals(List.of(), c.tables().callbackErrorLog().scanAll());
        assertEquals(List.of(), test.mailSubjects());
        verifyNoInteractions(test.ses());
        for (int i = leftAfterSecond; i < OLD; i++) {
            CardPaymentRecord r = c.tables().cardPaymentRecords().findByToken(new CardToken(oldTokens.get(i))).orElseThrow();
            assertFalse(r.pending());
            assertEquals(SettledAs.EXPIRED, r.outcome());
            assertFalse(r.handOn().isDone(), "nothing handed on");
        }
        assertTrue(test.invoker().invocations().isEmpty(), "nothing processed");
    }

    @Test
    void aRunWithLessTimeLeftThanItsReserveTouchesNothingAndReportsEverythingAsLeft() {
        ReconcileService service = ReconcileService.create(test.function());
        long pendingBefore = IntStream.range(0, OLD).filter(i -> c.tables().cardPaymentRecords().findByToken(new CardToken(oldTokens.get(i)))
                .orElseThrow().pending()).count() + YOUNG;

        ReconcileService.Summary summary = service.run(Optional.of(ReconcileService.RESERVE.minusSeconds(1)));

        assertEquals(0, summary.examined());
        assertEquals(pendingBefore, summary.left());
        assertEquals(oldest, summary.oldestLeft(), "the oldest abandoned payment is never reached in this class");
    }

    private static JsonNode run(List<String> log) {
        test.clock().advance(Duration.ofMinutes(1));
        CapturedLog captured = CapturedLog.start();
        try (captured) {
            return Json.parse(Handlers.async(new ReconcileHandler(test.function()), Handlers.event("reconcile/schedule.json")));
        } finally {
            log.addAll(captured.text().lines().toList());
        }
    }

    private static JsonNode line(List<String> log, String message) {
        return log.stream().filter(l -> l.startsWith("{")).map(Json::parse)
                .filter(l -> message.equals(l.path("message").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + message + "' in " + log));
    }

    private static List<String> settledOf(List<String> tokens) {
        return tokens.stream().filter(t -> !c.tables().cardPaymentRecords().findByToken(new CardToken(t)).orElseThrow().pending()).toList();
    }

    private static List<Integer> settledIndexes() {
        return IntStream.range(0, OLD).filter(i -> !c.tables().cardPaymentRecords().findByToken(new CardToken(oldTokens.get(i)))
                .orElseThrow().pending()).boxed().toList();
    }
}
