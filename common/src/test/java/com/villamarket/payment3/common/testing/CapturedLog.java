package com.villamarket.payment3.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the suite's log ({@link Log}) writes while a test runs some code, the one copy of redirecting it and
 * putting it back: {@code CapturedLog log = CapturedLog.start(); try (log) { … }}, then read {@link #text()} or
 * {@link #jsonLines()}, also after the code threw.
 */
public final class CapturedLog implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream before;

    private CapturedLog() {
        before = Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** The log written here from now until {@link #close()}. */
    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** Puts the log back where it wrote before. */
    @Override
    public void close() {
        Log.redirect(before);
    }

    /** Everything written, as written. */
    public String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The count of one metric over the Embedded Metric Format lines written: the sum of its values in the
     * lines whose {@code _aws} directive declares it (as CloudWatch Logs reads them), 0 when none does.
     */
    public long metric(String name) {
        long sum = 0;
        for (JsonNode line : jsonLines()) {
            for (JsonNode declared : line.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode metric : declared.path("Metrics")) {
                    if (name.equals(metric.path("Name").asText())) {
                        sum += line.path(name).asLong();
                    }
                }
            }
        }
        return sum;
    }

    /** The lines that are JSON objects (the structured log lines and metric lines), parsed. */
    public List<JsonNode> jsonLines() {
        return text().lines().filter(line -> line.startsWith("{")).map(Json::parse).toList();
    }
}
