package com.villamarket.payment3.common.config;

/** A required setting is missing or a setting has a value the suite cannot use; raised at start-up. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
