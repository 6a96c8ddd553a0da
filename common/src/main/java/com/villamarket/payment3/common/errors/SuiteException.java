package com.villamarket.payment3.common.errors;

/**
 * The base of every exception this suite throws on purpose, sealed to the four modes a failure comes in; each of
 * the suite's exceptions extends one of them and so says its {@link FailureKind}. {@link Failure#of} classifies
 * these and anything else thrown.
 */
public abstract sealed class SuiteException extends RuntimeException
        permits SuiteException.Refusal, SuiteException.Pending, SuiteException.Unavailable, SuiteException.Defect {

    private static final long serialVersionUID = 1L;

    SuiteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure's mode. */
    public abstract FailureKind kind();

    /** The HTTP status to answer with. */
    public int status() {
        return kind().status();
    }

    /** The error log entry's type: the kind's name, or a refusal's own reason. */
    public String errorType() {
        return kind().name();
    }

    /**
     * KBank's answer behind this failure, as received (a refused charge object, an error answer's body), which the
     * error log keeps beside the event, redacted; null when none.
     */
    public String kbankAnswer() {
        return null;
    }

    /** The sender is at fault; the message is safe to show to the sender. */
    public abstract static non-sealed class Refusal extends SuiteException {
        private static final long serialVersionUID = 1L;

        protected Refusal(String message) {
            super(message, null);
        }

        @Override
        public final FailureKind kind() {
            return FailureKind.REFUSED;
        }

        /** The 4xx status of this refusal. */
        @Override
        public abstract int status();

        /** The refusal's reason, as the error log and the sender see it. */
        @Override
        public abstract String errorType();
    }

    /** Nothing is final yet; asking again later settles it. */
    public abstract static non-sealed class Pending extends SuiteException {
        private static final long serialVersionUID = 1L;

        protected Pending(String message) {
            super(message, null);
        }

        @Override
        public final FailureKind kind() {
            return FailureKind.PENDING;
        }
    }

    /** A dependency (KBank, AWS) did not answer usably; retryable. */
    public abstract static non-sealed class Unavailable extends SuiteException {
        private static final long serialVersionUID = 1L;

        protected Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A defect of ours: bad stored data, a bad setting. */
    public abstract static non-sealed class Defect extends SuiteException {
        private static final long serialVersionUID = 1L;

        protected Defect(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
