package com.villamarket.payment3.testkit;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs one handler as the Lambda Java runtime does: the class loaded and constructed with its
 * no-argument constructor (reading the environment), then one event handled; optionally then the
 * same event N more times, warm. Prints the first response on standard output and one line of
 * measurements on standard error:
 * {@code init_ms=… invoke_ms=… [warm_p50_ms=… warm_p99_ms=… overhead_p50_ms=… overhead_p99_ms=…] rss_peak_mb=…}.
 * "Overhead" is the handler's time less the time it waited on KBank and AWS (the suite's IoTime).
 *
 * <p>Usage: {@code java -cp <function jar>:<testkit> com.villamarket.payment3.testkit.LocalInvoke <handler class> <event file> [warm count]}
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] args) {
        int code;
        try {
            run(args);
            code = 0;
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        }
        // Exit even when a library left a non-daemon thread behind, as Lambda's runtime would not wait for it.
        System.exit(code);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LocalInvoke <handler class> <event file> [warm count]");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        int warm = args.length == 3 ? Integer.parseInt(args[2]) : 0;
        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestContext context = new TestContext(args[0]);
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        long handled = System.nanoTime();
        System.out.println(out.toString(StandardCharsets.UTF_8));
        StringBuilder report = new StringBuilder(String.format("init_ms=%.1f invoke_ms=%.1f",
                (constructed - start) / 1e6, (handled - constructed) / 1e6));
        if (warm > 0) {
            Method ioTotal = ioTime();
            long[] total = new long[warm];
            long[] overhead = new long[warm];
            for (int i = 0; i < warm; i++) {
                long io = ioTotal == null ? 0 : (long) ioTotal.invoke(null);
                long begin = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), context);
                long took = System.nanoTime() - begin;
                long ioTook = ioTotal == null ? 0 : (long) ioTotal.invoke(null) - io;
                total[i] = took;
                overhead[i] = Math.max(0, took - ioTook);
            }
            Arrays.sort(total);
            Arrays.sort(overhead);
            report.append(String.format(" warm_p50_ms=%.2f warm_p99_ms=%.2f overhead_p50_ms=%.3f overhead_p99_ms=%.3f",
                    pct(total, 50), pct(total, 99), pct(overhead, 50), pct(overhead, 99)));
        }
        report.append(String.format(" rss_peak_mb=%.0f", peakRssMb()));
        System.err.println(report);
    }

    private static Method ioTime() {
        try {
            return Class.forName("com.villamarket.payment3.common.metrics.IoTime").getMethod("total");
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The process's peak resident set (VmHWM) on Linux; 0 elsewhere. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // Not Linux.
        }
        return 0;
    }
}
