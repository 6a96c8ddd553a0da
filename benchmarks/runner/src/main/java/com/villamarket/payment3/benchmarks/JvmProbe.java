package com.villamarket.payment3.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a function's JVM did, read from outside it after it answered, so that nothing in it is changed:
 * the CPU time it used (all its threads, from {@code /proc}) and how many classes it loaded (its own
 * performance counters, through the JDK's {@code jstat}). Both hold up better than wall time on a shared
 * machine: a busy neighbour makes a run wait, not work more.
 */
final class JvmProbe {

    /** The kernel's clock ticks per second for {@code /proc/<pid>/stat}: 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path jstat;

    /** @param java the {@code java} the functions run on; its JDK's {@code jstat} reads the counters */
    JvmProbe(Path java) {
        Path candidate = java.toAbsolutePath().resolveSibling("jstat");
        this.jstat = Files.isExecutable(candidate) ? candidate : null;
    }

    /** CPU time, user and system, of every thread of the process so far, in ms; NaN when it cannot be read. */
    static double cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces: the fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Classes the JVM has loaded so far (the JDK's own, from its archive, included); NaN when it cannot be read. */
    double classesLoaded(long pid) {
        if (jstat == null) {
            return Double.NaN;
        }
        try {
            Process process = new ProcessBuilder(jstat.toString(), "-class", Long.toString(pid)).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Double.NaN;
            }
            String[] lines = text.strip().split("\n");
            return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
