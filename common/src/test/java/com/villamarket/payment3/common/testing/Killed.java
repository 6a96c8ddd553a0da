package com.villamarket.payment3.common.testing;

/**
 * A run killed at a line, as Lambda kills one on a timeout, out of memory or a lost container: an
 * {@link Error}, so that no {@code catch (RuntimeException)} of the code under test runs.
 */
public final class Killed extends Error {

    private static final long serialVersionUID = 1L;

    public Killed(String where) {
        super("killed after " + where);
    }
}
