package com.villamarket.payment3.common.once;

import com.villamarket.payment3.common.pynamo.PynamoFormats;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A once-only step as stored on an item: never claimed, claimed and in progress until a lease ends,
 * or done.
 *
 * @param leaseUntil when an in-progress claim may be taken over; null unless in progress
 * @param claimedAt  when it was last claimed; null when never
 * @param doneAt     when it was done; null unless done
 */
public record StepState(State state, Instant leaseUntil, Instant claimedAt, Instant doneAt) {

    /** Where a step stands. */
    public enum State { NONE, IN_PROGRESS, DONE }

    public static final StepState NONE = new StepState(State.NONE, null, null, null);

    /** The step stored in {@code attribute} of an item; {@link #NONE} when absent. */
    public static StepState of(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null || !value.hasM()) {
            return NONE;
        }
        Map<String, AttributeValue> m = value.m();
        String state = text(m, OnceOnly.STATE);
        Instant claimedAt = instant(text(m, OnceOnly.CLAIMED_AT));
        if (OnceOnly.DONE.equals(state)) {
            return new StepState(State.DONE, null, claimedAt, instant(text(m, OnceOnly.DONE_AT)));
        }
        AttributeValue lease = m.get(OnceOnly.LEASE_UNTIL);
        Instant leaseUntil = lease == null || lease.n() == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(lease.n()));
        return new StepState(State.IN_PROGRESS, leaseUntil, claimedAt, null);
    }

    public boolean isDone() {
        return state == State.DONE;
    }

    public boolean isInProgress() {
        return state == State.IN_PROGRESS;
    }

    /** Whether a run may take the step now: never claimed, or claimed with a lease that ran out. */
    public boolean isFree(Instant now) {
        return state == State.NONE || (state == State.IN_PROGRESS && leaseUntil.isBefore(now));
    }

    private static String text(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(String text) {
        return text == null ? null : PynamoFormats.parseDateTime(text);
    }
}
