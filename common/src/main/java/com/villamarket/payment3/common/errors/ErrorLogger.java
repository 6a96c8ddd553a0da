package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records a failure everywhere someone will see it: the callback error log table (with the raw event,
 * for replay), an e-mail, Sentry when configured, the function's log, and the {@code CallbackErrors}
 * metric the alarms watch. What is written goes through {@link Redaction}: the table's event keeps what a
 * replay needs without credentials or personal data; the e-mail, Sentry and the log get less, bounded.
 * A failure of a replay ({@link ReplayMark}) is the replayed entry's outcome, not a new entry.
 *
 * <p>Never throws: a failure of any of these is logged and the others still run, so the original
 * error is never hidden and the caller's answer never breaks. Sentry comes last and is bounded by
 * its flush timeout, so the table, the e-mail and the log are written whatever Sentry does. Sentry
 * gets the ids, the error and its stack trace, never the raw event (it can hold card tokens).
 */
public final class ErrorLogger {

    /** Raw events longer than this are cut in e-mails, with their size and SHA-256. */
    private static final int MAIL_EVENT_CHARS = 20_000;
    private static final int MAIL_TRACE_CHARS = 8_000;

    private final CallbackErrorLogRepository table;
    private final Mailer mailer;
    private final List<String> recipients;
    private final Optional<SentrySettings> sentry;
    private final String branch;
    private final Clock clock;
    private final OnceOnly once;

    public ErrorLogger(CallbackErrorLogRepository table, Mailer mailer, List<String> recipients,
            Optional<SentrySettings> sentry, String branch, Clock clock) {
        this(table, mailer, recipients, sentry, branch, clock, null);
    }

    /**
     * @param once what tells a refusal once per charge ({@link PaymentRejectedException#needsRefund}); null to
     *             tell every one (a logger without the tables' once-only steps)
     */
    public ErrorLogger(CallbackErrorLogRepository table, Mailer mailer, List<String> recipients,
            Optional<SentrySettings> sentry, String branch, Clock clock, OnceOnly once) {
        this.once = once;
        this.table = table;
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients);
        this.sentry = sentry;
        this.branch = branch;
        this.clock = clock;
    }

    /**
     * One error log entry: what failed, where, and the event that made it fail.
     *
     * @param orderId  the order the request named, as received (checked or not); null when none
     * @param chargeId the charge the request named, as received (checked or not); null when none
     */
    public record Entry(String functionName, ReceivedId orderId, ReceivedId chargeId, String error, String errorType,
            String rawEvent, String responseData) {
    }

    /**
     * A failure as {@link #log(String, ReceivedId, ReceivedId, String, Throwable)} classified and logged it.
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
     * @param orderId  the order the request named, as received; null when none
     * @param chargeId the charge the request named, as received; null when none
     * @param rawEvent the event as received, kept for replay; may be null
     */
    public Logged log(String functionName, ReceivedId orderId, ReceivedId chargeId, String rawEvent, Throwable failure) {
        Failure classified = Failure.of(failure);
        if (classified.kind() == FailureKind.PENDING) {
            Log.info("payment not settled by KBank yet", "function", functionName, "orderId", orderId,
                    "chargeId", chargeId, "reason", classified.message());
            return new Logged(classified, null);
        }
        // A refusal's cause is the sender's, not a fault: Sentry and the e-mail get a stack trace only for a failure of ours.
        // KBank's answer behind it (a refused charge object, an error body) is kept beside the event, redacted there.
        String answer = failure instanceof SuiteException ours ? ours.kbankAnswer() : null;
        Entry entry = new Entry(functionName, orderId, chargeId, classified.message(), classified.code(), rawEvent, answer);
        if (once != null && failure instanceof PaymentRejectedException refusal && refusal.reportOnce().isPresent()
                && ReplayMark.read(rawEvent).isEmpty()) {
            Told told = logOnce(refusal.reportOnce().get(), entry);
            if (told.told()) {
                afterTold(refusal, entry);
            }
            return new Logged(classified, told.errorId());
        }
        String errorId = log(entry, classified.refusal() ? null : failure);
        if (failure instanceof PaymentRejectedException refusal) {
            afterTold(refusal, entry);
        }
        return new Logged(classified, errorId);
    }

    /**
     * Whether a report under a once-only step is told: by this call (its entry's id) or one before it (DONE); not
     * while another run holds the step, which may yet die before its entry.
     */
    private record Told(boolean told, String errorId) {
    }

    /** Runs what waits for the refusal to be told; a failure leaves the payment to reconciliation, never unlogged. */
    private static void afterTold(PaymentRejectedException refusal, Entry entry) {
        refusal.whenTold().ifPresent(action -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                Log.error("told, but could not settle the payment; reconciliation settles it", e,
                        "orderId", entry.orderId(), "chargeId", entry.chargeId());
            }
        });
    }

    /**
     * Logs an entry once under a once-only step (a double payment, once per charge): the first path to find it
     * writes the entry and the e-mail; a retry, a replay of the event or another path finds the step done (or held)
     * and writes nothing. When the step cannot be read or written, the entry is written anyway: told twice rather
     * than not at all. A step held by a run that died before its entry is taken over once its lease has run out
     * (by a retry, or reconciliation's report of the payment, which stays pending until it is told).
     */
    private Told logOnce(OnceOnly.Step step, Entry entry) {
        AtomicReference<String> errorId = new AtomicReference<>();
        try {
            OnceOnly.Claim claim = once.run(step, OnceOnly.LEASE, OnceOnly.Condition.NONE, () -> errorId.set(log(entry)));
            if (claim instanceof OnceOnly.Taken) {
                return new Told(true, errorId.get());
            }
            if (claim instanceof OnceOnly.Unmet) {
                return new Told(true, log(entry));
            }
            Log.warn(claim instanceof OnceOnly.Done ? "told before: no second error log entry"
                    : "another run is telling it now: no second error log entry", "function", entry.functionName(),
                    "orderId", entry.orderId(), "chargeId", entry.chargeId(), "errorType", entry.errorType());
            return new Told(claim instanceof OnceOnly.Done, null);
        } catch (RuntimeException e) {
            Log.error("could not tell it once only; told now", e, "chargeId", entry.chargeId());
            return new Told(true, errorId.get() != null ? errorId.get() : log(entry));
        }
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
        Optional<String> replayOf = ReplayMark.read(failure.rawEvent());
        if (replayOf.isPresent() && loggedOnReplayedEntry(replayOf.get(), failure, cause)) {
            return replayOf.get();
        }
        String errorId = UUID.randomUUID().toString();
        String error = Redaction.text(failure.error());
        Log.error("callback failure", null,
                "errorId", errorId, "function", failure.functionName(), "orderId", failure.orderId(),
                "chargeId", failure.chargeId(), "errorType", failure.errorType(), "error", error,
                "exception", cause == null ? null : cause.getClass().getName());
        try {
            Metrics.count(branch, failure.functionName(), FailureKind.isDefect(failure.errorType())
                    ? Map.of(Metrics.CALLBACK_ERRORS, 1, Metrics.CALLBACK_DEFECTS, 1) : Map.of(Metrics.CALLBACK_ERRORS, 1));
        } catch (RuntimeException e) {
            Log.error("could not write the error log metric", e, "errorId", errorId);
        }
        // Stored for replay without credentials or personal data; cut (with its size and hash) when oversized.
        String stored = Redaction.event(failure.rawEvent());
        if (StoredText.isTooLong(stored)) {
            Log.error("oversized raw event: the error log keeps its start", null, "errorId", errorId,
                    "chars", stored.length(), "sha256", Redaction.sha256(failure.rawEvent()));
        }
        try {
            table.record(new CallbackError(errorId, clock.instant(), failure.functionName(), failure.orderId(),
                    failure.chargeId(), error, failure.errorType(), stored, Redaction.bounded(Redaction.text(failure.responseData()), MAIL_EVENT_CHARS), false));
        } catch (RuntimeException e) {
            // The table is where replays come from: keep the event in the log instead (Log bounds and cleans it).
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
     * A failure of a replay of entry {@code errorId}: its outcome goes on that entry (a refusal closes it,
     * refused again; anything else leaves it open for the next replay), with no new entry, e-mail or page.
     *
     * @return false when the mark names no entry of this function (then the failure is logged as a new entry)
     */
    private boolean loggedOnReplayedEntry(String errorId, Entry failure, Throwable cause) {
        boolean refusal = FailureKind.isRefusal(failure.errorType());
        // A refund owed stays open whatever a replay says: only a person closes it.
        boolean closes = refusal && !FailureKind.waitsForAPerson(failure.errorType());
        String outcome = (refusal ? "refused again on replay" + (closes ? ": " : " (left open for a person): ")
                : "failed again on replay: ") + failure.errorType() + ": " + Redaction.text(failure.error());
        try {
            Optional<CallbackError> entry = table.find(errorId);
            if (entry.isEmpty() || !failure.functionName().equals(entry.get().functionName())) {
                Log.warn("the event names a replayed entry that is not this function's; logged as a new entry",
                        "replayOf", errorId, "function", failure.functionName());
                return false;
            }
            table.recordReplayOutcome(errorId, clock.instant(), Redaction.bounded(outcome, MAIL_TRACE_CHARS), closes);
        } catch (RuntimeException e) {
            // Replay records an outcome of its own when it gets the answer; the log line below keeps this one.
            Log.error("could not record the replay's outcome on its entry", e, "errorId", errorId);
        }
        Log.error("replayed entry " + (closes ? "refused again: closed as a refusal"
                : refusal ? "refused again: left open for a person" : "failed again: left open"), null,
                "errorId", errorId, "function", failure.functionName(), "orderId", failure.orderId(),
                "chargeId", failure.chargeId(), "errorType", failure.errorType(), "error", failure.error(),
                "exception", cause == null ? null : cause.getClass().getName());
        return true;
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
                    errorId, ReceivedId.textOf(failure.orderId()), ReceivedId.textOf(failure.chargeId()), branch,
                    failure.errorType(),
                    Redaction.forPeople(failure.error(), MAIL_TRACE_CHARS), cause,
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
                + oneLine(failure.orderId() == null ? "unknown" : Redaction.forPeople(failure.orderId().text(), 80));
    }

    private static String body(String errorId, Entry f, Throwable cause) {
        String event = f.rawEvent() == null ? "" : Redaction.eventForPeople(f.rawEvent(), MAIL_EVENT_CHARS);
        return "Function: " + f.functionName() + "\n"
                + "Error id: " + errorId + "\n"
                + "Order: " + oneLine(String.valueOf(f.orderId())) + "\n"
                + "Charge: " + oneLine(String.valueOf(f.chargeId())) + "\n"
                + "Error type: " + f.errorType() + "\n"
                + "Error: " + Redaction.forPeople(String.valueOf(f.error()), MAIL_TRACE_CHARS) + "\n\n"
                + (f.responseData() == null ? "" : "KBank's answer:\n" + Redaction.forPeople(f.responseData(), MAIL_EVENT_CHARS) + "\n\n")
                + (cause == null ? "" : "Exception:\n" + Redaction.forPeople(stackTrace(cause), MAIL_TRACE_CHARS) + "\n")
                + "Raw event (credentials, personal data and card tokens left out; the error log entry keeps what a replay needs):\n"
                + event + "\n";
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
