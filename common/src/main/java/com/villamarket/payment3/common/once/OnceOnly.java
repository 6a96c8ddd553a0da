package com.villamarket.payment3.common.once;

import com.villamarket.payment3.common.concurrent.Overlap;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.pynamo.PynamoFormats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Makes a step happen once even when a run dies at any line: the step is claimed IN_PROGRESS with a
 * lease in one conditional write, its effect runs, then it is marked DONE. A claim whose lease ran
 * out without DONE (the run was killed: Lambda timeout, out of memory, a lost container) may be
 * taken over by the next run, so nothing stays stranded.
 *
 * <p>Modelled on Powertools' DynamoDB idempotency store, but on the suite's own items (the tables
 * are shared with the Python stack): a step is a map attribute of one item, {@code {state, token,
 * leaseUntil, claimedAt, doneAt}}. A failed condition hands back the item as it was
 * ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}), so no second read is needed.
 *
 * <p>An effect may therefore run more than once when a run dies after it and before DONE: every
 * effect behind a step is either idempotent at its receiver or documented as at-least-once.
 */
public final class OnceOnly {

    /**
     * The lease of every step: longer than any effect behind one (each is a single AWS or KBank call,
     * bounded at 15 s and 28 s), short enough that Lambda's retry a minute or two later, or the next
     * reconciliation, takes over the step of a run that died.
     */
    public static final Duration LEASE = Duration.ofSeconds(60);

    static final String STATE = "state";
    static final String TOKEN = "token";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String CLAIMED_AT = "claimedAt";
    static final String DONE_AT = "doneAt";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String DONE = "DONE";

    /** One step: the item that holds it, and the attribute it is stored in. */
    public record Step(String table, Map<String, AttributeValue> key, String attribute) {
        public Step {
            key = Map.copyOf(key);
        }
    }

    /**
     * What the item must also satisfy for the step to be claimed, for example "the record is bound
     * to this order"; names start with {@code #c} and values with {@code :c} so they never clash.
     */
    public record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        public static final Condition NONE = new Condition(null, Map.of(), Map.of());

        public Condition {
            names = Map.copyOf(names);
            values = Map.copyOf(values);
        }

        /** {@code #cattr = :cvalue}. */
        public static Condition equal(String attribute, AttributeValue value) {
            return new Condition("#c0 = :c0", Map.of("#c0", attribute), Map.of(":c0", value));
        }
    }

    /** The outcome of a claim. */
    public sealed interface Claim permits Taken, Done, Held, Unmet {
    }

    /** This run holds the step until {@code leaseUntil}: run the effect, then {@link #complete}. */
    public record Taken(String token, Instant leaseUntil) implements Claim {
    }

    /** The step was done before, at {@code at}. */
    public record Done(Instant at) implements Claim {
    }

    /** Another run holds the step and its lease still runs. */
    public record Held(Instant leaseUntil) implements Claim {
    }

    /** The item does not exist or does not meet the condition; {@code item} is it as found (empty when missing). */
    public record Unmet(Map<String, AttributeValue> item) implements Claim {
    }

    /**
     * A claim written with the item that holds its step, in the item's own creating write, so that a
     * step which always follows a creation costs no write of its own: put {@link #attribute()} under the
     * step's name in the new item; when that write lands, this run holds the step as {@link #taken()}
     * (run the effect, then {@link #complete}); when it finds the item there already, {@link #isOwnIn}
     * tells a resend of this very write (its answer lost) from another run's item.
     */
    public record NewClaim(Taken taken, AttributeValue attribute) {

        /** Whether {@code item} holds this claim: the write that created it was this run's. */
        public boolean isOwnIn(Map<String, AttributeValue> item, String stepAttribute) {
            AttributeValue stored = item.get(stepAttribute);
            return stored != null && stored.hasM() && stored.m().get(TOKEN) != null
                    && taken.token().equals(stored.m().get(TOKEN).s());
        }
    }

    private final DynamoDbClient dynamoDb;
    private final Clock clock;

    public OnceOnly(DynamoDbClient dynamoDb, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.clock = clock;
    }

    /** A claim for {@code lease} from now, to be written in the creating write of its step's item. */
    public NewClaim newClaim(Duration lease) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Instant leaseUntil = now.plus(lease);
        return new NewClaim(new Taken(token, leaseUntil), claimAttribute(token, now, leaseUntil));
    }

    private static AttributeValue claimAttribute(String token, Instant now, Instant leaseUntil) {
        return AttributeValue.fromM(Map.of(
                STATE, AttributeValue.fromS(IN_PROGRESS),
                TOKEN, AttributeValue.fromS(token),
                LEASE_UNTIL, AttributeValue.fromN(Long.toString(leaseUntil.toEpochMilli())),
                CLAIMED_AT, AttributeValue.fromS(PynamoFormats.dateTime(now))));
    }

    /**
     * Claims a step for {@code lease}: when it was never claimed, or its last claim's lease ran out
     * without DONE.
     */
    public Claim claim(Step step, Duration lease, Condition condition) {
        return claim(step, lease, condition, Map.of());
    }

    /**
     * As {@link #claim(Step, Duration, Condition)}, setting {@code alsoSet} on the item in the claiming
     * write when the claim is taken (for example the state the step's effect acts on): one write
     * instead of two. When the claim is not taken, nothing is set.
     */
    public Claim claim(Step step, Duration lease, Condition condition, Map<String, AttributeValue> alsoSet) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Instant leaseUntil = now.plus(lease);
        AttributeValue claim = claimAttribute(token, now, leaseUntil);
        Map<String, String> names = new HashMap<>(condition.names());
        names.put("#step", step.attribute());
        names.put("#state", STATE);
        names.put("#lease", LEASE_UNTIL);
        // Any key attribute exists exactly when the item does.
        names.put("#key", step.key().keySet().iterator().next());
        Map<String, AttributeValue> values = new HashMap<>(condition.values());
        values.put(":claim", claim);
        values.put(":inProgress", AttributeValue.fromS(IN_PROGRESS));
        values.put(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        String free = "(attribute_not_exists(#step) OR (#step.#state = :inProgress AND #step.#lease < :now))";
        String expression = "attribute_exists(#key)" + (condition.expression() == null ? "" : " AND (" + condition.expression() + ")")
                + " AND " + free;
        StringBuilder update = new StringBuilder("SET #step = :claim");
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : alsoSet.entrySet()) {
            names.put("#s" + i, e.getKey());
            values.put(":s" + i, e.getValue());
            update.append(", #s").append(i).append(" = :s").append(i);
            i++;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(step.table()).key(step.key())
                    .updateExpression(update.toString())
                    .conditionExpression(expression)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Taken(token, leaseUntil);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            if (old.isEmpty()) {
                return new Unmet(Map.of());
            }
            AttributeValue stored = old.get(step.attribute());
            if (stored != null && stored.hasM() && stored.m().get(TOKEN) != null && token.equals(stored.m().get(TOKEN).s())) {
                // This run's own claim: the write landed, and a resend of it (a retry after a lost answer) found it.
                return new Taken(token, leaseUntil);
            }
            StepState state = StepState.of(old, step.attribute());
            if (state.isDone()) {
                return new Done(state.doneAt());
            }
            if (state.isInProgress() && !state.leaseUntil().isBefore(now)) {
                return new Held(state.leaseUntil());
            }
            return new Unmet(Map.copyOf(old));
        }
    }

    /**
     * Marks a claimed step DONE, setting {@code alsoSet} in the same write.
     *
     * @return false when the claim is not this run's any more (its lease ran out and another run took
     *         over, which will mark it itself)
     */
    public boolean complete(Step step, String token, Map<String, AttributeValue> alsoSet) {
        Map<String, String> names = new HashMap<>(Map.of("#step", step.attribute(), "#token", TOKEN, "#state", STATE,
                "#doneAt", DONE_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":token", AttributeValue.fromS(token),
                ":done", AttributeValue.fromS(DONE),
                ":at", AttributeValue.fromS(PynamoFormats.dateTime(clock.instant()))));
        StringBuilder update = new StringBuilder("SET #step.#state = :done, #step.#doneAt = :at");
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : alsoSet.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            update.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(step.table()).key(step.key())
                    .updateExpression(update.toString())
                    .conditionExpression("#step.#token = :token")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives a claim back after its effect failed with an exception, so that a retry runs it at once. */
    public void release(Step step, String token) {
        try {
            dynamoDb.updateItem(r -> r.tableName(step.table()).key(step.key())
                    .updateExpression("REMOVE #step")
                    .conditionExpression("#step.#token = :token AND #step.#state = :inProgress")
                    .expressionAttributeNames(Map.of("#step", step.attribute(), "#token", TOKEN, "#state", STATE))
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS))));
        } catch (ConditionalCheckFailedException e) {
            // Taken over or done meanwhile: not ours to give back.
        }
    }

    /**
     * Runs {@code effect} once: claims the step, runs it, marks it DONE. When the effect throws, the
     * claim is given back and the effect's exception passes (a failure to give it back is attached to it as
     * suppressed: the lease then runs out instead); when the run dies, the lease runs out.
     *
     * @return {@link Taken} when this call ran the effect, else why it did not
     */
    public Claim run(Step step, Duration lease, Condition condition, Runnable effect) {
        return runSetting(step, lease, condition, () -> {
            effect.run();
            return Map.of();
        });
    }

    /** As {@link #run}, setting {@code alsoSet} in the claiming write ({@link #claim(Step, Duration, Condition, Map)}). */
    public Claim run(Step step, Duration lease, Condition condition, Map<String, AttributeValue> alsoSet, Runnable effect) {
        Claim claim = claim(step, lease, condition, alsoSet);
        if (claim instanceof Taken taken) {
            runTaken(step, taken, lease, () -> {
                effect.run();
                return Map.of();
            });
        }
        return claim;
    }

    /**
     * As {@link #run}, for an effect whose result is stored with DONE: the attributes {@code effect} returns
     * are set on the item in the same write that marks the step done (for example the KBank customer id the
     * effect created), so no run sees the step done without them.
     */
    public Claim runSetting(Step step, Duration lease, Condition condition, Supplier<Map<String, AttributeValue>> effect) {
        Claim claim = claim(step, lease, condition);
        if (claim instanceof Taken taken) {
            runTaken(step, taken, lease, effect);
        }
        return claim;
    }

    /**
     * Runs {@code effect} under a claim this run already holds (a {@link NewClaim} whose creating write
     * landed), exactly as {@link #run} does once it has claimed: the effect, then DONE; the claim given
     * back when the effect throws; the lease running out when the run dies.
     *
     * @return {@code taken}
     */
    public Claim runClaimed(Step step, Taken taken, Duration lease, Runnable effect) {
        return runClaimed(step, taken, lease, effect, null);
    }

    /**
     * As {@link #runClaimed(Step, Taken, Duration, Runnable)}, with {@code alongsideDone} run at the same time
     * as the write that marks the step DONE, once the effect has succeeded ({@link Overlap#both}): a caller's
     * own write that needs the effect done but not its DONE (the QR callback's record of the callback) costs
     * the browser no round trip of its own. Neither waits for the other; both have finished when this returns.
     *
     * @param alongsideDone null for nothing
     */
    public Claim runClaimed(Step step, Taken taken, Duration lease, Runnable effect, Runnable alongsideDone) {
        runTaken(step, taken, lease, () -> {
            effect.run();
            return Map.of();
        }, alongsideDone);
        return taken;
    }

    private void runTaken(Step step, Taken taken, Duration lease, Supplier<Map<String, AttributeValue>> effect) {
        runTaken(step, taken, lease, effect, null);
    }

    private void runTaken(Step step, Taken taken, Duration lease, Supplier<Map<String, AttributeValue>> effect,
            Runnable alongsideDone) {
        Map<String, AttributeValue> result;
        try {
            result = effect.get();
        } catch (RuntimeException e) {
            try {
                release(step, taken.token());
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed);
            }
            throw e;
        }
        if (alongsideDone == null) {
            markDone(step, taken, lease, result);
        } else {
            Overlap.both(() -> markDone(step, taken, lease, result), alongsideDone);
        }
    }

    private void markDone(Step step, Taken taken, Duration lease, Map<String, AttributeValue> result) {
        if (!complete(step, taken.token(), result)) {
            // The effect outlived the lease and another run took the step over: it may run (or have run) the
            // effect too. Every effect behind a step tolerates that (see the class comment), but it is a sign
            // that a lease is too short for what it guards, so it is said loudly, once per occurrence.
            Log.error("a once-only step's effect ran after its lease ran out and another run took the step over;"
                    + " the effect may have run twice", null, "table", step.table(), "step", step.attribute(),
                    "lease", lease.toString());
        }
    }
}
