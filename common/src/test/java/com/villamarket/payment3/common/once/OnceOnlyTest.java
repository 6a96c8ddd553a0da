package com.villamarket.payment3.common.once;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.once.OnceOnly.Claim;
import com.villamarket.payment3.common.once.OnceOnly.Condition;
import com.villamarket.payment3.common.once.OnceOnly.Done;
import com.villamarket.payment3.common.once.OnceOnly.Held;
import com.villamarket.payment3.common.once.OnceOnly.Unmet;
import com.villamarket.payment3.common.once.OnceOnly.Step;
import com.villamarket.payment3.common.once.OnceOnly.Taken;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.MutableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The once-only step on moto's DynamoDB: claim, lease, take-over, done, give back. */
class OnceOnlyTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static LocalSuite suite;
    private static String table;
    private static int seq;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final OnceOnly once = new OnceOnly(suite.dynamoDb(), clock);

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        table = "payment3-kbank-user-mapping-" + suite.branch();
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private Step newItem() {
        String owner = "owner-" + (++seq);
        suite.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("ownerId", AttributeValue.fromS(owner),
                "group", AttributeValue.fromS("a"))));
        return new Step(table, Map.of("ownerId", AttributeValue.fromS(owner)), "payment3Step");
    }

    private Map<String, AttributeValue> item(Step step) {
        return suite.dynamoDb().getItem(r -> r.tableName(table).key(step.key()).consistentRead(true)).item();
    }

    @Test
    void aFreeStepIsTakenOnceThenHeldUntilItsLeaseRunsOut() {
        Step step = newItem();
        assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
        Claim second = once.claim(step, LEASE, Condition.NONE);
        assertEquals(clock.instant().plus(LEASE), assertInstanceOf(Held.class, second).leaseUntil());
        assertTrue(StepState.of(item(step), "payment3Step").isInProgress());
    }

    @Test
    void aClaimWhoseAnswerWasLostAndWhoseWriteWasSentAgainIsStillThisRunsClaim() {
        Step step = newItem();
        // Every updateItem reaches DynamoDB twice and the caller sees the second answer, as when the first answer is
        // lost on the wire and the HTTP client or the SDK sends the same request again.
        DynamoDbClient real = suite.dynamoDb();
        DynamoDbClient resending = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.isDefault() && args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                        // The consumer-builder overload builds the request and calls the typed one, through this proxy.
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        if (method.getName().equals("updateItem")) {
                            method.invoke(real, args);
                        }
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        Claim claim = new OnceOnly(resending, clock).claim(step, LEASE, Condition.NONE);

        assertInstanceOf(Taken.class, claim, "its own claim, not one held by another run");
        assertInstanceOf(Held.class, once.claim(step, LEASE, Condition.NONE), "and no one else's");
    }

    @Test
    void aClaimWhoseRunDiedIsTakenOverAfterItsLease() {
        Step step = newItem();
        Taken dead = assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
        clock.advance(LEASE.plusSeconds(1));
        Taken next = assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
        assertFalse(once.complete(step, dead.token(), Map.of()), "the dead run's claim is not its own any more");
        assertTrue(once.complete(step, next.token(), Map.of()));
        assertTrue(StepState.of(item(step), "payment3Step").isDone());
    }

    @Test
    void aDoneStepIsNeverTakenAgainWhateverTheClock() {
        Step step = newItem();
        Taken taken = assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
        assertTrue(once.complete(step, taken.token(), Map.of("extra", AttributeValue.fromS("x"))));
        clock.advance(Duration.ofDays(400));
        assertInstanceOf(Done.class, once.claim(step, LEASE, Condition.NONE));
        assertEquals("x", item(step).get("extra").s(), "set in the same write as DONE");
    }

    @Test
    void aMissingItemOrAFailedConditionIsRefusedWithTheItemAsFound() {
        Step missing = new Step(table, Map.of("ownerId", AttributeValue.fromS("nobody-" + (++seq))), "payment3Step");
        assertEquals(Map.of(), assertInstanceOf(Unmet.class, once.claim(missing, LEASE, Condition.NONE)).item());
        Step step = newItem();
        Claim refused = once.claim(step, LEASE, Condition.equal("group", AttributeValue.fromS("b")));
        assertEquals("a", assertInstanceOf(Unmet.class, refused).item().get("group").s());
        assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.equal("group", AttributeValue.fromS("a"))));
    }

    @Test
    void runGivesTheClaimBackWhenTheEffectThrowsSoARetryRunsAtOnce() {
        Step step = newItem();
        AtomicInteger runs = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> once.run(step, LEASE, Condition.NONE, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("invoke failed");
        }));
        assertInstanceOf(Taken.class, once.run(step, LEASE, Condition.NONE, runs::incrementAndGet));
        assertInstanceOf(Done.class, once.run(step, LEASE, Condition.NONE, runs::incrementAndGet));
        assertEquals(2, runs.get());
    }

    @Test
    void aRunKilledAfterItsEffectLeavesTheStepToBeTakenOverNotLost() {
        Step step = newItem();
        assertThrows(StackOverflowError.class, () -> once.run(step, LEASE, Condition.NONE, () -> {
            throw new StackOverflowError("killed");
        }));
        // An Error runs no catch: the claim stays until its lease ends, then the step is free again.
        assertInstanceOf(Held.class, once.claim(step, LEASE, Condition.NONE));
        clock.advance(LEASE.plusMillis(1));
        assertTrue(StepState.of(item(step), "payment3Step").isFree(clock.instant()));
        assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
    }

    @Test
    void whenGivingTheClaimBackFailsTooTheEffectsOwnExceptionPassesWithTheOtherAttached() {
        Step step = newItem();
        DynamoDbClient real = suite.dynamoDb();
        // Every write but the claim fails: the give-back after the effect's failure is refused by DynamoDB.
        AtomicInteger updates = new AtomicInteger();
        DynamoDbClient failingAfterClaim = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.isDefault() && args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("updateItem") && updates.incrementAndGet() > 1) {
                        throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder()
                                .message("throttled").build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> new OnceOnly(failingAfterClaim, clock).run(step, LEASE, Condition.NONE, () -> {
                    throw new IllegalStateException("invoke failed");
                }));

        assertEquals("invoke failed", thrown.getMessage(), "the effect's failure, not the give-back's");
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("throttled", thrown.getSuppressed()[0].getMessage());
        assertInstanceOf(Held.class, once.claim(step, LEASE, Condition.NONE), "not given back: its lease runs out instead");
    }

    @Test
    void anEffectsResultIsStoredInTheWriteThatMarksTheStepDone() {
        Step step = newItem();
        Claim claim = once.runSetting(step, LEASE, Condition.NONE, () -> Map.of("kbankId", AttributeValue.fromS("cust_1")));
        assertInstanceOf(Taken.class, claim);
        Map<String, AttributeValue> item = item(step);
        assertTrue(StepState.of(item, "payment3Step").isDone());
        assertEquals("cust_1", item.get("kbankId").s());
    }

    @Test
    void anEffectThatOutlivesItsLeaseLeavesTheStepToTheRunThatTookItOver() {
        Step step = newItem();
        AtomicInteger runs = new AtomicInteger();
        Claim slow = once.run(step, LEASE, Condition.NONE, () -> {
            runs.incrementAndGet();
            // While this effect runs past its lease, another run takes the step over.
            clock.advance(LEASE.plusSeconds(1));
            assertInstanceOf(Taken.class, once.claim(step, LEASE, Condition.NONE));
        });
        assertInstanceOf(Taken.class, slow, "this call ran the effect");
        assertFalse(StepState.of(item(step), "payment3Step").isDone(), "the slow run did not mark the other's claim done");
        assertInstanceOf(Held.class, once.claim(step, LEASE, Condition.NONE), "the run that took over still holds it");
    }

    @Test
    void aClaimSetsWhatItCarriesOnlyWhenTaken() {
        Step step = newItem();
        Claim first = once.claim(step, LEASE, Condition.NONE, Map.of("group", AttributeValue.fromS("b")));
        Claim second = once.claim(step, LEASE, Condition.NONE, Map.of("group", AttributeValue.fromS("c")));

        assertInstanceOf(Taken.class, first);
        assertInstanceOf(Held.class, second);
        assertEquals("b", item(step).get("group").s(), "set with the claim that was taken, not with the one held off");
    }

    @Test
    void aClaimWrittenWithItsItemIsRunAndDoneAndKnownForItsOwnWhenFoundAgain() {
        String owner = "owner-" + (++seq);
        Step step = new Step(table, Map.of("ownerId", AttributeValue.fromS(owner)), "payment3Step");
        OnceOnly.NewClaim claim = once.newClaim(LEASE);
        suite.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("ownerId", AttributeValue.fromS(owner),
                "payment3Step", claim.attribute())));
        int[] runs = {0};

        assertTrue(claim.isOwnIn(item(step), "payment3Step"));
        assertFalse(once.newClaim(LEASE).isOwnIn(item(step), "payment3Step"), "another run's claim is not this one");
        assertInstanceOf(Held.class, once.claim(step, LEASE, Condition.NONE), "held by its creating write");
        once.runClaimed(step, claim.taken(), LEASE, () -> runs[0]++);

        assertEquals(1, runs[0]);
        assertTrue(StepState.of(item(step), "payment3Step").isDone());
        assertInstanceOf(Done.class, once.claim(step, LEASE, Condition.NONE));
    }
}
