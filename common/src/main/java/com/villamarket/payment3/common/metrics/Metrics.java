package com.villamarket.payment3.common.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import java.time.Instant;
import java.util.Map;

/**
 * Counts published as CloudWatch metrics through the log: one Embedded Metric Format line, which
 * CloudWatch Logs turns into metrics, so no call to CloudWatch is made on the request path.
 *
 * <p>Each count is published twice, under the dimensions {@code Branch} (the alarms' view: every
 * function of a stack together) and {@code Branch, Function} (which function it was).
 */
public final class Metrics {

    /** The CloudWatch namespace of the suite's own metrics; the template's alarms name it. */
    public static final String NAMESPACE = "payment3";
    /** One per entry written to the callback error log (refused or failed request). */
    public static final String CALLBACK_ERRORS = "CallbackErrors";
    /** One per error log entry that is a defect of ours ({@code FailureKind.isDefect}): a bug, bad stored data, a bad setting. */
    public static final String CALLBACK_DEFECTS = "CallbackDefects";
    /**
     * One per QR callback or QR notification whose own record (the QR callback record, the QR notification
     * row) could not be written: what came is then only in the function's log line with its raw event.
     */
    public static final String RECORDS_LOST = "CallbackRecordsLost";
    /** Per reconciliation run: payments it could not settle and left for a person. */
    public static final String RECONCILE_UNSETTLED = "ReconcileUnsettled";
    /**
     * Per reconciliation run: payments newly reported to a person through the error log, settled or not
     * (a charge that needs a refund, one KBank paid for another order or amount, one with no charge).
     */
    public static final String RECONCILE_REPORTED = "ReconcileReported";
    /** Per reconciliation run: payments whose settling failed with an error (retried next run). */
    public static final String RECONCILE_ERRORS = "ReconcileErrors";
    /**
     * Per reconciliation run: pending payments it did not get to because its time budget was spent (left to
     * the next run); no alarm watches it: growing from run to run means more pending payments than a run can ask about.
     */
    public static final String RECONCILE_LEFT = "ReconcileLeft";

    private Metrics() {
    }

    /**
     * Writes one EMF line with these counts (unit Count).
     *
     * @param branch   the stack's branch ({@code Config.branch()})
     * @param function the function's short name, as the error log names it ({@code qrcallback}, {@code reconcile})
     */
    public static void count(String branch, String function, Map<String, ? extends Number> counts) {
        ObjectNode fields = Json.object();
        ObjectNode directive = fields.putObject("_aws");
        directive.put("Timestamp", Instant.now().toEpochMilli());
        ObjectNode metrics = directive.putArray("CloudWatchMetrics").addObject();
        metrics.put("Namespace", NAMESPACE);
        ArrayNode dimensions = metrics.putArray("Dimensions");
        dimensions.addArray().add("Branch");
        dimensions.addArray().add("Branch").add("Function");
        ArrayNode definitions = metrics.putArray("Metrics");
        // A dimension without a value would make CloudWatch drop the whole record.
        fields.put("Branch", branch == null ? "unknown" : branch);
        fields.put("Function", function == null ? "unknown" : function);
        counts.forEach((name, value) -> {
            definitions.addObject().put("Name", name).put("Unit", "Count");
            fields.put(name, value.longValue());
        });
        Log.structured("INFO", "metrics", fields);
    }
}
