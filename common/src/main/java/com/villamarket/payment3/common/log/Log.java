package com.villamarket.payment3.common.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.Redaction;
import com.villamarket.payment3.common.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * The suite's one logger: a JSON object per line on standard output, which Lambda sends to CloudWatch.
 *
 * <p>Values are JSON-escaped, so a CR/LF inside a callback value can never start a forged log line.
 * Every line written while a handler runs carries Lambda's request id ({@link #bindRequest}), so
 * one request's lines can be found together. Every value goes through {@link Redaction} (credentials,
 * personal data and card tokens out, bounded), so that a raw event can be logged; still, never pass a secret here.
 */
public final class Log {

    /** A value longer than this is cut, with its length and SHA-256: a 10 MB body never makes one line. */
    static final int VALUE_CHARS = 8_000;
    private static final Set<String> EVENT_KEYS = Set.of("event", "rawEvent", "payload");

    private static volatile PrintStream out = System.out;
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private Log() {
    }

    /** Sends the log elsewhere (tests that read it, the local stack); returns where it went before. */
    public static PrintStream redirect(PrintStream to) {
        PrintStream before = out;
        out = to;
        return before;
    }

    /** Marks this thread's lines with Lambda's request id until {@link #clearRequest()}; null clears it. */
    public static void bindRequest(String requestId) {
        if (requestId == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(requestId);
        }
    }

    /** Ends what {@link #bindRequest} began. */
    public static void clearRequest() {
        REQUEST_ID.remove();
    }

    /** The request id this thread's lines carry; null outside a request. */
    public static String requestId() {
        return REQUEST_ID.get();
    }

    public static void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    public static void warn(String message, Object... keyValues) {
        write("WARN", message, null, keyValues);
    }

    public static void error(String message, Throwable error, Object... keyValues) {
        write("ERROR", message, error, keyValues);
    }

    /**
     * Writes one line whose fields are given as a JSON object (an Embedded Metric Format record, for
     * one), after the timestamp, level, message and request id every line has.
     */
    public static void structured(String level, String message, ObjectNode fields) {
        ObjectNode line = start(level, message);
        fields.fields().forEachRemaining(field -> line.set(field.getKey(), field.getValue()));
        out.println(Json.write(line));
    }

    private static ObjectNode start(String level, String message) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        String requestId = REQUEST_ID.get();
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        return line;
    }

    private static void write(String level, String message, Throwable error, Object... keyValues) {
        ObjectNode line = start(level, message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String key = String.valueOf(keyValues[i]);
            line.put(key, value == null ? null : clean(key, String.valueOf(value)));
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("error", Redaction.forPeople(String.valueOf(error.getMessage()), VALUE_CHARS));
        }
        out.println(Json.write(line));
    }

    /** Every value as people may read it: an event without credentials or personal data, all bounded. */
    private static String clean(String key, String value) {
        return EVENT_KEYS.contains(key) ? Redaction.eventForPeople(value, VALUE_CHARS) : Redaction.forPeople(value, VALUE_CHARS);
    }
}
