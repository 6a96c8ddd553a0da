package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.log.Log;
import io.sentry.ILogger;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SentryOpenTelemetryMode;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryId;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one class that touches the Sentry SDK: it is loaded, and the SDK initialized, when the first
 * error is reported, so that a container that never fails loads no Sentry class at all.
 *
 * <p>A report runs on a sender thread of its own, and the request waits for it at most the flush
 * timeout, SDK start-up included: a slow, unreachable or refusing Sentry costs a request that
 * bound and no more, and never an exception.
 */
final class SentryReports {

    /** The longest message or exception value sent. */
    private static final int MESSAGE_CHARS = 8_000;
    /** Sentry keeps tag values up to this length. */
    private static final int TAG_CHARS = 200;

    private static final ThreadPoolExecutor SENDER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(64), runnable -> {
                Thread thread = new Thread(runnable, "payment3-sentry");
                thread.setDaemon(true);
                return thread;
            });

    /** The settings the SDK was last initialized with; guarded by the class. */
    private static SentrySettings initialized;

    private SentryReports() {
    }

    /** What goes to Sentry about one failure: ids and the error, never the raw event. */
    record Report(String function, String errorId, String orderId, String chargeId, String branch, String errorType,
            String error, Throwable cause, String requestId) {
    }

    /**
     * Sends one report and waits until the SDK has sent it or the flush timeout has passed.
     *
     * @return Sentry's event id; empty when the flush timeout passed first (the report may still go out)
     * @throws RuntimeException when the report could not be made (the SDK failed, or too many are queued)
     */
    static Optional<String> send(SentrySettings settings, Report report) {
        long deadline = System.nanoTime() + settings.flushTimeout().toNanos();
        Future<String> sent = SENDER.submit(() -> capture(settings, report, deadline));
        try {
            return Optional.of(sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Sentry SDK failed", e.getCause());
        }
    }

    private static String capture(SentrySettings settings, Report report, long deadline) {
        Log.bindRequest(report.requestId());
        try {
            start(settings);
            SentryId id = Sentry.captureEvent(event(report));
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis > 0) {
                Sentry.flush(remainingMillis);
            }
            return id.toString();
        } finally {
            Log.clearRequest();
        }
    }

    private static synchronized void start(SentrySettings settings) {
        if (settings.equals(initialized)) {
            return;
        }
        int bound = (int) settings.flushTimeout().toMillis();
        Sentry.init(options -> {
            options.setDsn(settings.dsn());
            options.setRelease(settings.release());
            options.setEnvironment(settings.environment());
            // Nothing that can hold a request or read the machine: no host name lookup, no handlers
            // or hooks of the SDK's own, no background monitor, no OpenTelemetry probing.
            options.setAttachServerName(false);
            options.setEnableUncaughtExceptionHandler(false);
            options.setEnableShutdownHook(false);
            options.setEnableBackpressureHandling(false);
            options.setOpenTelemetryMode(SentryOpenTelemetryMode.OFF);
            options.setSendClientReports(false);
            options.setSendModules(false);
            options.setConnectionTimeoutMillis(bound);
            options.setReadTimeoutMillis(bound);
            options.setFlushTimeoutMillis(bound);
            options.setShutdownTimeoutMillis(bound);
            // The SDK's own warnings (Sentry refused an event, could not connect) as JSON log lines.
            options.setDebug(true);
            options.setDiagnosticLevel(SentryLevel.WARNING);
            options.setLogger(new JsonLogLogger());
            options.setFatalLogger(new JsonLogLogger());
            // The exception messages the SDK reads from the cause can hold KBank's answers: the one rule set cleans them.
            options.setBeforeSend((event, hint) -> scrubbed(event));
        });
        initialized = settings;
    }

    private static SentryEvent scrubbed(SentryEvent event) {
        if (event.getExceptions() != null) {
            event.getExceptions().forEach(e -> e.setValue(Redaction.forPeople(e.getValue(), MESSAGE_CHARS)));
        }
        if (event.getMessage() != null) {
            event.getMessage().setFormatted(Redaction.forPeople(event.getMessage().getFormatted(), MESSAGE_CHARS));
        }
        return event;
    }

    private static SentryEvent event(Report report) {
        SentryEvent event = report.cause() == null ? new SentryEvent() : new SentryEvent(report.cause());
        event.setLevel(SentryLevel.ERROR);
        event.setTransaction(report.function());
        Message message = new Message();
        message.setFormatted(report.error());
        event.setMessage(message);
        if (report.cause() == null) {
            // A refusal (a forged or malformed callback, an unknown charge) has no exception: it is
            // sent as one of its error type, without a stack trace, and grouped by function and
            // type so that one kind of refusal is one issue, not one issue per order.
            SentryException refusal = new SentryException();
            refusal.setType(report.errorType());
            refusal.setValue(report.error());
            event.setExceptions(List.of(refusal));
            event.setFingerprints(List.of(String.valueOf(report.function()), String.valueOf(report.errorType())));
        }
        tag(event, "function", report.function());
        tag(event, "errorId", report.errorId());
        tag(event, "orderId", report.orderId());
        tag(event, "chargeId", report.chargeId());
        tag(event, "branch", report.branch());
        tag(event, "errorType", report.errorType());
        tag(event, "requestId", report.requestId());
        return event;
    }

    private static void tag(SentryEvent event, String key, String value) {
        if (value != null && !value.isEmpty()) {
            event.setTag(key, value.length() > TAG_CHARS ? value.substring(0, TAG_CHARS) : value);
        }
    }

    /** The SDK's diagnostics through the suite's logger, so that every line stays one JSON object. */
    private static final class JsonLogLogger implements ILogger {

        @Override
        public void log(SentryLevel level, String message, Object... args) {
            write(level, format(message, args), null);
        }

        @Override
        public void log(SentryLevel level, String message, Throwable throwable) {
            write(level, message, throwable);
        }

        @Override
        public void log(SentryLevel level, Throwable throwable, String message, Object... args) {
            write(level, format(message, args), throwable);
        }

        @Override
        public boolean isEnabled(SentryLevel level) {
            return level != null && level.ordinal() >= SentryLevel.WARNING.ordinal();
        }

        private static String format(String message, Object... args) {
            if (args == null || args.length == 0) {
                return message;
            }
            try {
                return String.format(message, args);
            } catch (IllegalFormatException e) {
                return message;
            }
        }

        private static void write(SentryLevel level, String message, Throwable throwable) {
            if (level == SentryLevel.WARNING) {
                Log.warn("Sentry SDK: " + message, "error", throwable == null ? null : throwable.toString());
            } else {
                Log.error("Sentry SDK: " + message, throwable);
            }
        }
    }
}
