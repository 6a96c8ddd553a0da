package com.villamarket.payment3.common.persistence;


/**
 * How a payment that did not pay its order leaves the pending index: every {@link SettledAs} but
 * {@code PAID}, which a lifecycle settles only with proof that the after-paid steps are done.
 */
public enum SettledUnpaid {
    /** KBank says it will never be paid. */
    FAILED(SettledAs.FAILED),
    /** Real money for an order paid already with another charge: a person refunds it. */
    NEEDS_REFUND(SettledAs.NEEDS_REFUND),
    /** Refused for good (another order, another amount); logged for a person. */
    REFUSED(SettledAs.REFUSED),
    /** Abandoned: never paid, or never finished at KBank, past the abandonment age. */
    EXPIRED(SettledAs.EXPIRED);

    private final SettledAs stored;

    SettledUnpaid(SettledAs stored) {
        this.stored = stored;
    }

    /** The outcome as stored. */
    public SettledAs stored() {
        return stored;
    }
}
