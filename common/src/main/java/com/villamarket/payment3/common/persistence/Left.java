package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * Pending payments a reconciliation run did not get to.
 *
 * @param count  how many
 * @param oldest when the oldest of them was recorded; null when there is none
 */
public record Left(long count, Instant oldest) {

    /** Nothing left. */
    public static final Left NONE = new Left(0, null);

    /** Both together: the counts added, the older of the two oldest. */
    public Left plus(Left other) {
        Instant older = oldest == null ? other.oldest
                : other.oldest == null || oldest.isBefore(other.oldest) ? oldest : other.oldest;
        return new Left(count + other.count, older);
    }
}
