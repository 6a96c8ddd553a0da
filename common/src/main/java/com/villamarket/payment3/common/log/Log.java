package com.villamarket.payment3.common.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.io.PrintStream;

/**
 * The suite's one logger: a JSON object per line on standard output, which Lambda sends to CloudWatch.
 *
 * <p>Values are JSON-escaped, so a CR/LF inside a callback value can never start a forged log line.
 * Never pass a secret here.
 */
public final class Log {

    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /** Sends the log elsewhere (tests that read it, the local stack); returns where it went before. */
    public static PrintStream redirect(PrintStream to) {
        PrintStream before = out;
        out = to;
        return before;
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

    private static void write(String level, String message, Throwable error, Object... keyValues) {
        ObjectNode line = Json.object();
        line.put("level", level);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            line.put(String.valueOf(keyValues[i]), value == null ? null : String.valueOf(value));
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("error", String.valueOf(error.getMessage()));
        }
        out.println(Json.write(line));
    }
}
