package com.villamarket.payment3.benchmarks;

import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Runs functions under Lambda's runtime interface client against the bench stack, and times them. */
final class FunctionRuns {

    /**
     * One cold start: a fresh JVM and task root, one event.
     *
     * @param cpuMs   CPU time the JVM used up to its first answer, every thread
     * @param classes classes it had loaded by then
     * @param calls   the requests each back end got while it answered ({@link IoLog#BACK_ENDS})
     */
    record Cold(double initMs, double firstMs, double rssMb, double cpuMs, double classes, int[] calls) {
        double totalMs() {
            return initMs + firstMs;
        }
    }

    /**
     * Many events in one JVM after its first: durations, the same less the time I/O was in flight, and
     * the requests each back end got per event ({@link IoLog#BACK_ENDS}; the median of the events).
     *
     * @param regionMetadataClasses the SDK's region metadata classes the JVM loaded, from its start to its last event
     *                              (its class loading logged, {@code -Xlog:class+load}): {@link #REGION_METADATA}
     */
    record Warm(double[] durationMs, double[] overheadMs, double rssMb, double classes, List<String> regionMetadataClasses,
            double[] callsPerEvent) {
    }

    /**
     * The SDK's provider of every service's region metadata, and the per-service classes it builds: before the SDK's
     * 2.53.0 (aws-sdk-java-v2 #3664, PR #7161) the first client built all 312 of them.
     */
    static final List<String> REGION_METADATA = List.of("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider",
            "software.amazon.awssdk.regions.servicemetadata.");

    private final BenchStack stack;
    private final Path java;
    private final JvmProbe probe;

    FunctionRuns(BenchStack stack, Path java) {
        this.stack = stack;
        this.java = java;
        this.probe = new JvmProbe(java);
    }

    Cold cold(FunctionConfiguration function, String event) {
        try (LambdaFunctionProcess process = start(function)) {
            Invocation first = checked(process, process.invoke(event));
            double cpuMs = JvmProbe.cpuMs(process.pid());
            int[] calls = stack.io().calls(first.deliveredNanos(), first.answeredNanos());
            stack.io().clear();
            return new Cold(process.initDuration().toNanos() / 1e6, first.duration().toNanos() / 1e6, rssMb(process), cpuMs,
                    probe.classesLoaded(process.pid()), calls);
        }
    }

    Warm warm(FunctionConfiguration function, IntFunction<String> event, int count) {
        Path classLog = tempFile("bench-classes");
        // The template's options first, as Lambda passes them; the log only adds a line per class loaded.
        String options = (function.environment().getOrDefault("JAVA_TOOL_OPTIONS", "") + " -Xlog:class+load=info:file="
                + classLog).trim();
        try (LambdaFunctionProcess process = LambdaFunctionProcess.start(function,
                withVariable(stack.environment(), "JAVA_TOOL_OPTIONS", options), java)) {
            checked(process, process.invoke(event.apply(0)));
            double[] durations = new double[count];
            double[] overheads = new double[count];
            double[][] calls = new double[IoLog.BACK_ENDS.size()][count];
            for (int i = 0; i < count; i++) {
                stack.io().clear();
                Invocation invocation = checked(process, process.invoke(event.apply(i + 1)));
                long took = invocation.answeredNanos() - invocation.deliveredNanos();
                long io = stack.io().busyNanos(invocation.deliveredNanos(), invocation.answeredNanos());
                int[] made = stack.io().calls(invocation.deliveredNanos(), invocation.answeredNanos());
                for (int b = 0; b < made.length; b++) {
                    calls[b][i] = made[b];
                }
                durations[i] = took / 1e6;
                overheads[i] = Math.max(0, took - io) / 1e6;
            }
            double[] callsPerEvent = new double[calls.length];
            for (int b = 0; b < calls.length; b++) {
                callsPerEvent[b] = Stats.median(calls[b]);
            }
            double classes = probe.classesLoaded(process.pid());
            double rss = rssMb(process);
            return new Warm(durations, overheads, rss, classes, loaded(classLog, REGION_METADATA), callsPerEvent);
        } finally {
            try {
                Files.deleteIfExists(classLog);
            } catch (IOException e) {
                // A temporary file left behind.
            }
        }
    }

    /** The classes a {@code -Xlog:class+load} file names whose names start with one of the prefixes. */
    static List<String> loaded(Path classLog, List<String> prefixes) {
        try {
            // [0.012s][info][class,load] software.amazon.awssdk.regions.Region source: jar:file:/…
            return Files.readAllLines(classLog, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("[class,load]"))
                    .map(line -> line.substring(line.indexOf("[class,load]") + "[class,load]".length()).trim())
                    .map(rest -> rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest)
                    .filter(name -> prefixes.stream().anyMatch(name::startsWith))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class log " + classLog, e);
        }
    }

    private static Path tempFile(String prefix) {
        try {
            return Files.createTempFile(prefix, ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> withVariable(Map<String, String> environment, String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return Map.copyOf(changed);
    }

    /** Runs one event, unmeasured, to put state in place for the benchmark's events. */
    void once(FunctionConfiguration function, String event) {
        try (LambdaFunctionProcess process = start(function)) {
            checked(process, process.invoke(event));
        }
    }

    private LambdaFunctionProcess start(FunctionConfiguration function) {
        return LambdaFunctionProcess.start(function, stack.environment(), java);
    }

    /** A measurement of a failure would mean nothing: an error posted to the runtime stops the benchmark. */
    private static Invocation checked(LambdaFunctionProcess process, Invocation invocation) {
        if (invocation.failed()) {
            throw new IllegalStateException(process.function().logicalId() + " posted an error to the runtime: "
                    + invocation.error() + "\n--- its output ---\n" + process.output());
        }
        return invocation;
    }

    private static double rssMb(LambdaFunctionProcess process) {
        return process.peakRssKb().orElse(0) / 1024.0;
    }
}
