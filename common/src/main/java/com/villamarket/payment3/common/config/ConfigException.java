package com.villamarket.payment3.common.config;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.SuiteException;

/** A required setting is missing or a setting has a value the suite cannot use; raised at start-up. */
public final class ConfigException extends SuiteException.Defect {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.CONFIGURATION;
    }
}
