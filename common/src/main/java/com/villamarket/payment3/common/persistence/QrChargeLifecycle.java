package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.once.OnceOnly;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way a QR charge record leaves the pending index: {@code PAID} only with a {@link Finished}, which
 * exists only for a record whose hand-on is done and whose order is finished with its charge; anything else as
 * a {@link SettledUnpaid}. The first settlement wins.
 */
public final class QrChargeLifecycle extends Lifecycle<ChargeId> {

    /** Proof that a QR charge was handed on and its order finished with it (every after-paid step done). */
    public static final class Finished {
        private final ChargeId charge;

        private Finished(ChargeId charge) {
            this.charge = charge;
        }

        public ChargeId charge() {
            return charge;
        }
    }

    /** Proof that a QR charge's hand-on is done: what settling the KBank QR order that paid with it takes. */
    public static final class HandedOn {
        private final ChargeId charge;

        private HandedOn(ChargeId charge) {
            this.charge = Objects.requireNonNull(charge);
        }

        public ChargeId charge() {
            return charge;
        }
    }

    public QrChargeLifecycle(QrPaymentRecordRepository records, Clock clock) {
        super(records::settle, clock);
    }

    /**
     * Proof that {@code record} is finished: its hand-on is done and {@code order} (as read after it) is
     * finished with its charge; empty otherwise.
     */
    public static Optional<Finished> finished(QrPaymentRecord record, Optional<Order> order) {
        if (record.handOn().isDone() && order.isPresent() && order.get().isFinishedWith(record.chargeId())) {
            return Optional.of(new Finished(record.chargeId()));
        }
        return Optional.empty();
    }

    /**
     * Proof that a charge's hand-on is done, from what its once-only step answered after running: this run
     * handed it on ({@link OnceOnly.Taken}, the effect run) or an earlier one did ({@link OnceOnly.Done});
     * empty while another run holds it or the step's record was not there.
     */
    public static Optional<HandedOn> handedOn(ChargeId charge, OnceOnly.Claim handOn) {
        return handOn instanceof OnceOnly.Taken || handOn instanceof OnceOnly.Done
                ? Optional.of(new HandedOn(charge)) : Optional.empty();
    }

    /** Proof that the record's hand-on is done, as read; empty while it is not. */
    public static Optional<HandedOn> handedOn(QrPaymentRecord record) {
        return record.handOn().isDone() ? Optional.of(new HandedOn(record.chargeId())) : Optional.empty();
    }

    /** Settles a finished charge {@code PAID}; false when it was settled before. */
    public boolean settle(Finished finished) {
        return settlePaid(finished.charge());
    }
}
