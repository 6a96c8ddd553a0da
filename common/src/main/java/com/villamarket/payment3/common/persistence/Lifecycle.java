package com.villamarket.payment3.common.persistence;

import java.time.Clock;
import java.time.Instant;

/**
 * What each payment kind's lifecycle shares: it takes a payment of its table out of the pending index at the
 * clock's time, the first settlement winning; {@code PAID} only through the kind's own proof.
 *
 * @param <K> the key the table's payments are settled by
 */
abstract class Lifecycle<K> {

    /** A table's settle: the payment keyed {@code key} leaves the pending index as {@code outcome}; false when settled before. */
    interface Settle<K> {
        boolean settle(K key, SettledAs outcome, Instant at);
    }

    private final Settle<K> table;
    private final Clock clock;

    Lifecycle(Settle<K> table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** Settles {@code PAID} the payment its subclass holds proof of; false when it was settled before. */
    final boolean settlePaid(K key) {
        return table.settle(key, SettledAs.PAID, clock.instant());
    }

    /** Settles a payment that did not pay its order (or was refused); false when it was settled before. */
    public final boolean settle(K key, SettledUnpaid outcome) {
        return table.settle(key, outcome.stored(), clock.instant());
    }
}
