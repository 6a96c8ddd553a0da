package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.CardToken;
import java.time.Clock;
import java.util.Optional;

/**
 * The one way a card payment record leaves the pending index of its table (the branch's, or master's for a
 * payment found there): {@code PAID} only with a {@link Finished}, which exists only for a record whose hand-on
 * is done and that is paid through (a card verification KBank charged, its card handed to be kept, or an order
 * finished with the record's charge); anything else as a {@link SettledUnpaid}. The first settlement wins.
 */
public final class CardPaymentLifecycle extends Lifecycle<CardToken> {

    /** Proof that a card payment's every after-paid step is done. */
    public static final class Finished {
        private final CardToken tokenId;

        private Finished(CardToken tokenId) {
            this.tokenId = tokenId;
        }

        public CardToken tokenId() {
            return tokenId;
        }
    }

    /** The lifecycle of the payments in {@code records}' table. */
    public CardPaymentLifecycle(CardPaymentRecordRepository records, Clock clock) {
        super(records::settle, clock);
    }

    /**
     * Proof that {@code record} is finished: its hand-on is done, KBank's charge was paid, and it is a card
     * verification or {@code order} (as read after the hand-on) is finished with its charge; empty otherwise.
     */
    public static Optional<Finished> finished(CardPaymentRecord record, Optional<Order> order) {
        if (!record.handOn().isDone() || !record.paid() || record.chargeId() == null) {
            return Optional.empty();
        }
        if (record.isAddCard() || (order.isPresent() && order.get().isFinishedWith(record.chargeId()))) {
            return Optional.of(new Finished(record.tokenId()));
        }
        return Optional.empty();
    }

    /** Settles a finished payment {@code PAID}; false when it was settled before. */
    public boolean settle(Finished finished) {
        return settlePaid(finished.tokenId());
    }
}
