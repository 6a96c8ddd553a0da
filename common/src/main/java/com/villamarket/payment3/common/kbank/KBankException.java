package com.villamarket.payment3.common.kbank;

import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.errors.SuiteException;
import java.util.Locale;

/**
 * A call to KBank did not give a usable answer. Carries the HTTP status (0 when none came), KBank's
 * error code when it gave one, and the body as received (never a key).
 */
public class KBankException extends SuiteException.Unavailable {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String code;
    private final transient String body;

    public KBankException(String message, int httpStatus, String code, String body, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
        this.body = body;
    }

    @Override
    public final FailureKind kind() {
        return FailureKind.KBANK_UNAVAILABLE;
    }

    /** HTTP status of KBank's answer; 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** KBank's error code ({@code code} of its error object); null when none. */
    public String code() {
        return code;
    }

    /** The answer's body as received; null when none came. */
    public String body() {
        return body;
    }

    @Override
    public String kbankAnswer() {
        return body;
    }

    /** KBank could not be reached in time (connection failed, connect or read timeout). */
    public static final class Unavailable extends KBankException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, 0, null, null, cause);
        }
    }

    /** KBank answered with an error object or a non-2xx status. */
    public static final class ErrorAnswer extends KBankException {
        private static final long serialVersionUID = 1L;

        public ErrorAnswer(String message, int httpStatus, String code, String body) {
            super(message, httpStatus, code, body, null);
        }

        /** Whether KBank says the object asked for does not exist. */
        public boolean isNotFound() {
            return httpStatus() == 404 || (code() != null && code().toLowerCase(Locale.ROOT).contains("not_found"));
        }
    }

    /** KBank answered 2xx with a body that is not the JSON object expected. */
    public static final class BadAnswer extends KBankException {
        private static final long serialVersionUID = 1L;

        public BadAnswer(String message, int httpStatus, String body, Throwable cause) {
            super(message, httpStatus, null, body, cause);
        }
    }
}
