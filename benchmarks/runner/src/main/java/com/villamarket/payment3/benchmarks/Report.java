package com.villamarket.payment3.benchmarks;

import com.villamarket.payment3.benchmarks.FunctionRuns.Cold;
import com.villamarket.payment3.benchmarks.FunctionRuns.Warm;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.function.ToDoubleFunction;

/** The benchmark's results as markdown: one row per function, the pairs' ratios, and how it was measured. */
final class Report {

    /** What was measured of one function. */
    record Row(String name, double artifactMb, List<Cold> cold, Warm warm, String describe) {

        double coldMedian(ToDoubleFunction<Cold> metric) {
            return Stats.median(cold.stream().mapToDouble(metric).toArray());
        }
    }

    /**
     * qr-callback and its partner, cold, run by run in alternating order.
     *
     * @param partner   the partner's row name ({@code reference}, or {@code against} for another build of qr-callback)
     * @param reference the partner's runs
     */
    record Pairs(String partner, String partnerDescribed, List<Cold> ours, List<Cold> reference) {

        double[] ratios(ToDoubleFunction<Cold> metric) {
            double[] ratios = new double[ours.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = metric.applyAsDouble(ours.get(i)) / metric.applyAsDouble(reference.get(i));
            }
            return ratios;
        }
    }

    private Report() {
    }

    static String markdown(List<Row> rows, Pairs pairs, String conditions) {
        StringBuilder out = new StringBuilder();
        Row referenceRow = find(rows, BenchCases.REFERENCE);
        double referenceTotal = referenceRow == null ? Double.NaN : referenceRow.coldMedian(Cold::totalMs);
        out.append("| function | artifact MB | cold runs | classes loaded | init ms | first invocation ms | cold total ms (min–max) "
                + "| × reference | cold CPU ms | peak RSS MB | warm p50 / p99 ms | warm overhead p50 / p99 ms "
                + "| SDK region metadata classes | I/O calls, first event (" + String.join(" / ", IoLog.BACK_ENDS) + ") "
                + "| warm events | event |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            double[] totals = row.cold().stream().mapToDouble(Cold::totalMs).toArray();
            boolean againstReference = !Double.isNaN(referenceTotal) && row != referenceRow && !BenchCases.FLOOR.equals(row.name());
            out.append(String.format("| %s | %s | %d | %.0f | %.0f | %.0f | %.0f (%.0f–%.0f) | %s | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f | %d | %s | %s | %s |%n",
                    row.name(), megabytes(row.artifactMb()), row.cold().size(), row.coldMedian(Cold::classes),
                    row.coldMedian(Cold::initMs), row.coldMedian(Cold::firstMs),
                    Stats.median(totals), Stats.min(totals), Stats.max(totals),
                    againstReference ? String.format("%.2f", Stats.median(totals) / referenceTotal) : "",
                    row.coldMedian(Cold::cpuMs), row.warm().rssMb(),
                    Stats.percentile(row.warm().durationMs(), 50), Stats.percentile(row.warm().durationMs(), 99),
                    Stats.percentile(row.warm().overheadMs(), 50), Stats.percentile(row.warm().overheadMs(), 99),
                    row.warm().regionMetadataClasses().size(), calls(firstEventCalls(row)),
                    calls(row.warm().callsPerEvent()), row.describe()));
        }
        if (pairs != null && !pairs.ours().isEmpty()) {
            boolean isReference = BenchCases.REFERENCE.equals(pairs.partner());
            out.append(String.format("%n### qr-callback against %s: %d alternating pairs%n%n",
                    isReference ? "the SDK-defaults reference" : "another build of it (" + pairs.partnerDescribed() + ")",
                    pairs.ours().size()));
            out.append("| cold | qr-callback median | " + pairs.partner() + " median | ratio median | ratio min–max |\n");
            out.append("|---|---|---|---|---|\n");
            pairRow(out, "init ms", pairs, Cold::initMs);
            pairRow(out, "first invocation ms", pairs, Cold::firstMs);
            pairRow(out, "total ms", pairs, Cold::totalMs);
            pairRow(out, "CPU ms", pairs, Cold::cpuMs);
            pairRow(out, "classes loaded", pairs, Cold::classes);
            Row ours = find(rows, BenchCases.QR_CALLBACK);
            Row reference = find(rows, pairs.partner());
            if (ours != null && reference != null) {
                out.append(String.format("%nWarm, one JVM each: p50 %.2f ms against %.2f ms (ratio %.2f), overhead p50 %.2f ms against "
                        + "%.2f ms (ratio %.2f); peak RSS %.0f MB against %.0f MB; artifact %.1f MB against %.1f MB.%n",
                        Stats.percentile(ours.warm().durationMs(), 50), Stats.percentile(reference.warm().durationMs(), 50),
                        Stats.percentile(ours.warm().durationMs(), 50) / Stats.percentile(reference.warm().durationMs(), 50),
                        Stats.percentile(ours.warm().overheadMs(), 50), Stats.percentile(reference.warm().overheadMs(), 50),
                        Stats.percentile(ours.warm().overheadMs(), 50) / Stats.percentile(reference.warm().overheadMs(), 50),
                        ours.warm().rssMb(), reference.warm().rssMb(), ours.artifactMb(), reference.artifactMb()));
            }
        }
        out.append('\n').append(conditions);
        return out.toString();
    }

    private static void pairRow(StringBuilder out, String what, Pairs pairs, ToDoubleFunction<Cold> metric) {
        double[] ratios = pairs.ratios(metric);
        out.append(String.format("| %s | %.0f | %.0f | %.2f | %.2f–%.2f |%n", what,
                Stats.median(pairs.ours().stream().mapToDouble(metric).toArray()),
                Stats.median(pairs.reference().stream().mapToDouble(metric).toArray()),
                Stats.median(ratios), Stats.min(ratios), Stats.max(ratios)));
    }

    /** The requests per back end of the cold runs' first events (the happy path), their medians. */
    private static double[] firstEventCalls(Row row) {
        double[] medians = new double[IoLog.BACK_ENDS.size()];
        for (int b = 0; b < medians.length; b++) {
            int backEnd = b;
            medians[b] = Stats.median(row.cold().stream().mapToDouble(c -> c.calls()[backEnd]).toArray());
        }
        return medians;
    }

    private static String calls(double[] perEvent) {
        return Arrays.stream(perEvent).mapToObj(c -> c == Math.rint(c) ? String.format("%.0f", c) : String.format("%.1f", c))
                .collect(Collectors.joining(" / "));
    }

    private static String megabytes(double mb) {
        return mb < 0.1 ? String.format("%.3f", mb) : String.format("%.1f", mb);
    }

    private static Row find(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
