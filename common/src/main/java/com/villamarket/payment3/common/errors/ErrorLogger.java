package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.StoredText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records a failure everywhere someone will see it: the callback error log table (with the complete
 * raw event, for replay), an e-mail, Sentry when configured, the function's log, and the
 * {@code CallbackErrors} metric the alarms watch.
 *
 * <p>Never throws: a failure of any of these is logged and the others still run, so the original
 * error is never hidden and the caller's answer never breaks. Sentry comes last and is bounded by
 * its flush timeout, so the table, the e-mail and the log are written whatever Sentry does. Sentry
 * gets the ids, the error and its stack trace, never the raw event (it can hold card tokens).
 */
public final class ErrorLogger {

    /** Raw events longer than this are cut in e-mails (the table keeps them whole). */
    private static final int MAIL_EVENT_CHARS = 20_000;
    private static final int MAIL_TRACE_CHARS = 8_000;

    private final CallbackErrorLogRepository table;
    private final Mailer mailer;
    private final List<String> recipients;
    private final Optional<SentrySettings> sentry;
    private final String branch;
    private final Clock clock;

    public ErrorLogger(CallbackErrorLogRepository table, Mailer mailer, List<String> recipients,
            Optional<SentrySettings> sentry, String branch, Clock clock) {
        this.table = table;
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients);
        this.sentry = sentry;
        this.branch = branch;
        this.clock = clock;
    }

    /** One error log entry: what failed, where, and the event that made it fail. */
    public record Entry(String functionName, String orderId, String chargeId, String error, String errorType,
            String rawEvent, String responseData) {
    }

    /**
     * A failure as {@link #log(String, String, String, String, Throwable)} classified and logged it.
     *
     * @param errorId the error log entry's id, to quote to the sender; null for a pending payment (nothing failed)
     */
    public record Logged(Failure failure, String errorId) {
    }

    /**
     * Classifies a failure ({@link Failure#of}) and logs it: a refusal as a refusal (no stack trace), KBank or
     * AWS not answering and defects of ours with their exception. A payment KBank has not settled is no failure:
     * it goes to the function's log alone.
     *
     * @param rawEvent the event as received, kept for replay; may be null
     */
    public Logged log(String functionName, String orderId, String chargeId, String rawEvent, Throwable failure) {
        Failure classified = Failure.of(failure);
        if (classified.kind() == FailureKind.PENDING) {
            Log.info("payment not settled by KBank yet", "function", functionName, "orderId", orderId,
                    "chargeId", chargeId, "reason", classified.message());
            return new Logged(classified, null);
        }
        // A refusal's cause is the sender's, not a fault: Sentry and the e-mail get a stack trace only for a failure of ours.
        String errorId = log(new Entry(functionName, orderId, chargeId, classified.message(), classified.code(),
                rawEvent, null), classified.refusal() ? null : failure);
        return new Logged(classified, errorId);
    }

    /**
     * Records a failure that has no exception (a refusal, such as a forged callback).
     *
     * @return the id of the error log entry, to quote on the error page
     */
    public String log(Entry failure) {
        return log(failure, null);
    }

    /**
     * Records a failure and the exception behind it, whose type and stack trace Sentry gets.
     *
     * @param cause the exception; null for a refusal
     * @return the id of the error log entry, to quote on the error page
     */
    public String log(Entry failure, Throwable cause) {
        String errorId = UUID.randomUUID().toString();
        Log.error("callback failure", null,
                "errorId", errorId, "function", failure.functionName(), "orderId", failure.orderId(),
                "chargeId", failure.chargeId(), "errorType", failure.errorType(), "error", failure.error(),
                "exception", cause == null ? null : cause.getClass().getName());
        try {
            Metrics.count(branch, failure.functionName(), FailureKind.isDefect(failure.errorType())
                    ? Map.of(Metrics.CALLBACK_ERRORS, 1, Metrics.CALLBACK_DEFECTS, 1) : Map.of(Metrics.CALLBACK_ERRORS, 1));
        } catch (RuntimeException e) {
            Log.error("could not write the error log metric", e, "errorId", errorId);
        }
        if (StoredText.isTooLong(failure.rawEvent())) {
            // The table keeps only the start of an oversized event: the log keeps it whole.
            Log.error("oversized raw event", null, "errorId", errorId, "event", failure.rawEvent());
        }
        try {
            table.record(new CallbackError(errorId, clock.instant(), failure.functionName(), failure.orderId(),
                    failure.chargeId(), failure.error(), failure.errorType(), failure.rawEvent(), failure.responseData(), false));
        } catch (RuntimeException e) {
            // The table is where replays come from: keep the raw event in the log instead.
            Log.error("could not write the callback error log; raw event follows", e,
                    "errorId", errorId, "event", failure.rawEvent());
        }
        try {
            mailer.send(recipients, subject(failure), body(errorId, failure, cause));
        } catch (RuntimeException e) {
            Log.error("could not send the error e-mail", e, "errorId", errorId);
        }
        sentry.ifPresent(settings -> report(settings, errorId, failure, cause));
        return errorId;
    }

    /**
     * Reports a failed asynchronous invocation to Sentry alone, with its stack trace. Lambda retries the
     * invocation and then keeps its event on the failure destination, whose alarm and replay are the way
     * back; an error log entry or an e-mail would come once per attempt, so there is none. Never throws.
     */
    public void reportAsyncFailure(String functionName, RuntimeException cause) {
        sentry.ifPresent(settings -> report(settings, null, new Entry(functionName, null, null,
                String.valueOf(cause.getMessage()), cause.getClass().getName(), null, null), cause));
    }

    private void report(SentrySettings settings, String errorId, Entry failure, Throwable cause) {
        try {
            Optional<String> eventId = SentryReports.send(settings, new SentryReports.Report(failure.functionName(),
                    errorId, failure.orderId(), failure.chargeId(), branch, failure.errorType(), failure.error(), cause,
                    Log.requestId()));
            if (eventId.isPresent()) {
                Log.info("error report handed to Sentry", "errorId", errorId, "sentryEventId", eventId.get());
            } else {
                Log.warn("Sentry did not take the report in time; the error log and the e-mail have it",
                        "errorId", errorId, "flushTimeoutMs", settings.flushTimeout().toMillis());
            }
        } catch (RuntimeException | LinkageError e) {
            Log.error("could not report to Sentry; the error log and the e-mail have it", e, "errorId", errorId);
        }
    }

    private String subject(Entry failure) {
        return "[payment3 " + branch + "] " + failure.functionName() + " failed for order "
                + oneLine(failure.orderId() == null ? "unknown" : failure.orderId());
    }

    private static String body(String errorId, Entry f, Throwable cause) {
        String event = f.rawEvent() == null ? "" : f.rawEvent();
        if (event.length() > MAIL_EVENT_CHARS) {
            event = event.substring(0, MAIL_EVENT_CHARS) + "\n[cut; the error log table holds it whole]";
        }
        return "Function: " + f.functionName() + "\n"
                + "Error id: " + errorId + "\n"
                + "Order: " + oneLine(String.valueOf(f.orderId())) + "\n"
                + "Charge: " + oneLine(String.valueOf(f.chargeId())) + "\n"
                + "Error type: " + f.errorType() + "\n"
                + "Error: " + f.error() + "\n\n"
                + (cause == null ? "" : "Exception:\n" + stackTrace(cause) + "\n")
                + "Raw event:\n" + event + "\n";
    }

    /** The exception as Java prints it, cut to keep the e-mail readable when Sentry is not configured. */
    private static String stackTrace(Throwable cause) {
        StringWriter text = new StringWriter();
        cause.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() > MAIL_TRACE_CHARS ? trace.substring(0, MAIL_TRACE_CHARS) + "\n[cut]" : trace;
    }

    /** Keeps a value to one line in a subject or header. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t\\p{Cntrl}]", " ");
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }
}
