package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.SuiteException;

/**
 * Data of ours (or the shop's) in a table is missing or not in the shape this suite reads: a fault
 * to fix on our side, answered as a server error and logged, never blamed on the caller.
 */
public final class StoredDataException extends SuiteException.Defect {

    private static final long serialVersionUID = 1L;

    public StoredDataException(String message) {
        super(message, null);
    }

    public StoredDataException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.STORED_DATA;
    }
}
