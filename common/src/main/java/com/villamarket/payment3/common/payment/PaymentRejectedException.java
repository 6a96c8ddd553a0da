package com.villamarket.payment3.common.payment;

import com.villamarket.payment3.common.errors.SuiteException;
import com.villamarket.payment3.common.once.OnceOnly;
import java.util.Optional;

/** A callback or payment is refused for a {@link RejectionReason}; the message is safe to show. */
public final class PaymentRejectedException extends SuiteException.Refusal {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final transient String kbankAnswer;
    private final transient OnceOnly.Step reportOnce;
    private final transient Runnable whenTold;

    public PaymentRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /** @param kbankAnswer KBank's answer that decided the refusal, as received; null when none */
    public PaymentRejectedException(RejectionReason reason, String message, String kbankAnswer) {
        this(reason, message, kbankAnswer, null, null);
    }

    private PaymentRejectedException(RejectionReason reason, String message, String kbankAnswer, OnceOnly.Step reportOnce,
            Runnable whenTold) {
        super(message);
        this.reason = reason;
        this.kbankAnswer = kbankAnswer;
        this.reportOnce = reportOnce;
        this.whenTold = whenTold;
    }

    /**
     * A second real payment of a paid order (ORDER_ALREADY_PAID, the charge kept for the refund): the error logger
     * tells it once per charge, under {@code reportOnce} (the report step of the charge's payment record, which
     * reconciliation's report of the same case uses too), whichever path finds it first and however often it is
     * retried.
     */
    public static PaymentRejectedException needsRefund(String message, OnceOnly.Step reportOnce) {
        return new PaymentRejectedException(RejectionReason.ORDER_ALREADY_PAID, message, null, reportOnce, null);
    }

    /**
     * As {@link #needsRefund(String, OnceOnly.Step)}, running {@code whenTold} once the refund is told (by this
     * report or one before it), never while another run holds the report nor when it could not be told: the
     * payment stays pending until then, so a run killed between the report's claim and its entry leaves it to
     * reconciliation, whose report takes the claim over.
     */
    public static PaymentRejectedException needsRefund(String message, OnceOnly.Step reportOnce, Runnable whenTold) {
        return new PaymentRejectedException(RejectionReason.ORDER_ALREADY_PAID, message, null, reportOnce, whenTold);
    }

    /** The once-only step this refusal is told under, when it is told once per charge ({@link #needsRefund}). */
    public Optional<OnceOnly.Step> reportOnce() {
        return Optional.ofNullable(reportOnce);
    }

    /** What runs once this refusal is told ({@link #needsRefund(String, OnceOnly.Step, Runnable)}); empty for none. */
    public Optional<Runnable> whenTold() {
        return Optional.ofNullable(whenTold);
    }

    public RejectionReason reason() {
        return reason;
    }

    @Override
    public int status() {
        return reason.httpStatus();
    }

    @Override
    public String kbankAnswer() {
        return kbankAnswer;
    }

    @Override
    public String errorType() {
        return reason.name();
    }
}
