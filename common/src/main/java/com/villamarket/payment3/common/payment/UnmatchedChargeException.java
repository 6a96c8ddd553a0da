package com.villamarket.payment3.common.payment;

/**
 * A charge KBank made that no card payment names and that several could be (the Python stack's
 * charges carry no token): it is kept on each candidate, and its reporter is asked to send it again.
 */
public final class UnmatchedChargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnmatchedChargeException(String message) {
        super(message);
    }
}
