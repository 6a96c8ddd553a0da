package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;

/**
 * What the suite did with one report of a QR payment (the browser's callback, KBank's notification), as the
 * report's record stores it by name in {@code outcome}. The two tables spell a refusal apart: the callback
 * record {@code REJECTED_<reason>}, the notification record {@code REFUSED_<code>}; both read as
 * {@link Kind#REFUSED}, and a stored name this build does not know reads as {@link Kind#UNKNOWN}.
 *
 * @param kind what was done
 * @param code for {@link Kind#REFUSED}, the error log's type of the failure (a refusal's reason's name, or
 *             on a notification a failure kind's name such as {@code UNAVAILABLE}); for {@link Kind#UNKNOWN}, the
 *             stored text; else null
 */
public record ReportOutcome(Kind kind, String code) {

    /** What was done with a report. */
    public enum Kind {
        /** Settled by this report and handed on. */
        ACCEPTED,
        /** Paid, handed on by an earlier report or run. */
        REPLAY,
        /** KBank has not settled the charge yet: nothing recorded as final. */
        PENDING,
        /** KBank notified a payment that did not go through (a status code other than 00). */
        NOT_PAID_NOTIFIED,
        /** The callback failed on our side (KBank or AWS did not answer, a defect): worth a retry. */
        FAILED,
        /** Refused ({@link #code()} says why). */
        REFUSED,
        /** A stored outcome this build does not know; never written. */
        UNKNOWN
    }

    /** A QR callback record's outcome as it stores it ({@link #asCallbackOutcome}); read by {@link #fromStored}. */
    static final AttributeConverter<ReportOutcome> CALLBACK_RECORD = PynamoConverters.id(ReportOutcome.class,
            ReportOutcome::fromStored, ReportOutcome::asCallbackOutcome);
    /** A QR notification record's outcome as it stores it ({@link #asNotifyOutcome}); read by {@link #fromStored}. */
    static final AttributeConverter<ReportOutcome> NOTIFY_RECORD = PynamoConverters.id(ReportOutcome.class,
            ReportOutcome::fromStored, ReportOutcome::asNotifyOutcome);

    /** How the QR callback record spells a refusal. */
    static final String CALLBACK_REFUSAL = "REJECTED_";
    /** How the QR notification record spells a refusal. */
    static final String NOTIFY_REFUSAL = "REFUSED_";

    public ReportOutcome {
        Objects.requireNonNull(kind);
        if ((kind == Kind.REFUSED || kind == Kind.UNKNOWN) != (code != null)) {
            throw new IllegalArgumentException(kind + " takes a code exactly when it is REFUSED or UNKNOWN");
        }
    }

    public static final ReportOutcome ACCEPTED = new ReportOutcome(Kind.ACCEPTED, null);
    public static final ReportOutcome REPLAY = new ReportOutcome(Kind.REPLAY, null);
    public static final ReportOutcome PENDING = new ReportOutcome(Kind.PENDING, null);
    public static final ReportOutcome NOT_PAID_NOTIFIED = new ReportOutcome(Kind.NOT_PAID_NOTIFIED, null);
    public static final ReportOutcome FAILED = new ReportOutcome(Kind.FAILED, null);

    /** Refused, for the reason or failure kind named {@code code}. */
    public static ReportOutcome refused(String code) {
        return new ReportOutcome(Kind.REFUSED, code);
    }

    /** Settled by this report ({@code handedOn}) or by an earlier one. */
    public static ReportOutcome paid(boolean handedOn) {
        return handedOn ? ACCEPTED : REPLAY;
    }

    /** The outcome a callback or notification record stores; null for null. */
    public static ReportOutcome fromStored(String stored) {
        if (stored == null) {
            return null;
        }
        for (String prefix : new String[] {CALLBACK_REFUSAL, NOTIFY_REFUSAL}) {
            if (stored.startsWith(prefix) && stored.length() > prefix.length()) {
                return refused(stored.substring(prefix.length()));
            }
        }
        return Arrays.stream(Kind.values()).filter(k -> k != Kind.REFUSED && k != Kind.UNKNOWN)
                .filter(k -> k.name().equals(stored)).findFirst().map(k -> new ReportOutcome(k, null))
                .orElseGet(() -> new ReportOutcome(Kind.UNKNOWN, stored));
    }

    /** As the QR callback record stores it. */
    public String asCallbackOutcome() {
        return stored(CALLBACK_REFUSAL);
    }

    /** As the QR notification record stores it. */
    public String asNotifyOutcome() {
        return stored(NOTIFY_REFUSAL);
    }

    private String stored(String refusalPrefix) {
        return switch (kind) {
            case REFUSED -> refusalPrefix + code;
            case UNKNOWN -> throw new IllegalStateException("UNKNOWN is only ever read");
            default -> kind.name();
        };
    }
}
