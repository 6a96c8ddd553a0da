package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.StoredText;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records a failure everywhere someone will see it: the callback error log table (with the complete
 * raw event, for replay), an e-mail, Sentry when configured, and the function's log.
 *
 * <p>Never throws: a failure of any of these is logged and the others still run, so the original
 * error is never hidden and the caller's answer never breaks.
 */
public final class ErrorLogger {

    /** Raw events longer than this are cut in e-mails (the table keeps them whole). */
    private static final int MAIL_EVENT_CHARS = 20_000;

    private final CallbackErrorLogRepository table;
    private final Mailer mailer;
    private final List<String> recipients;
    private final Optional<SentryReporter> sentry;
    private final String branch;
    private final Clock clock;

    public ErrorLogger(CallbackErrorLogRepository table, Mailer mailer, List<String> recipients,
            Optional<SentryReporter> sentry, String branch, Clock clock) {
        this.table = table;
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients);
        this.sentry = sentry;
        this.branch = branch;
        this.clock = clock;
    }

    /** What failed, where, and the event that made it fail. */
    public record Failure(String functionName, String orderId, String chargeId, String error, String errorType,
            String rawEvent, String responseData) {
    }

    /**
     * Records a failure.
     *
     * @return the id of the error log entry, to quote on the error page
     */
    public String log(Failure failure) {
        String errorId = UUID.randomUUID().toString();
        Log.error("callback failure", null,
                "errorId", errorId, "function", failure.functionName(), "orderId", failure.orderId(),
                "chargeId", failure.chargeId(), "errorType", failure.errorType(), "error", failure.error());
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
            mailer.send(recipients, subject(failure), body(errorId, failure));
        } catch (RuntimeException e) {
            Log.error("could not send the error e-mail", e, "errorId", errorId);
        }
        sentry.ifPresent(reporter -> {
            try {
                Map<String, String> tags = new HashMap<>();
                tags.put("errorId", errorId);
                tags.put("orderId", failure.orderId());
                tags.put("chargeId", failure.chargeId());
                tags.put("branch", branch);
                reporter.report(failure.functionName(), failure.error(), failure.errorType(), tags);
            } catch (Exception e) {
                Log.error("could not report to Sentry", e, "errorId", errorId);
            }
        });
        return errorId;
    }

    private String subject(Failure failure) {
        return "[payment3 " + branch + "] " + failure.functionName() + " failed for order "
                + oneLine(failure.orderId() == null ? "unknown" : failure.orderId());
    }

    private static String body(String errorId, Failure f) {
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
                + "Raw event:\n" + event + "\n";
    }

    /** Keeps a value to one line in a subject or header. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t\\p{Cntrl}]", " ");
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }
}
