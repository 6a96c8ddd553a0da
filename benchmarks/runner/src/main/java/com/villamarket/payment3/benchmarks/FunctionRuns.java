package com.villamarket.payment3.benchmarks;

import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.Invocation;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** Runs functions under Lambda's runtime interface client against the bench stack, and times them. */
final class FunctionRuns {

    /**
     * One cold start: a fresh JVM and task root, one event.
     *
     * @param cpuMs   CPU time the JVM used up to its first answer, every thread
     * @param classes classes it had loaded by then
     */
    record Cold(double initMs, double firstMs, double rssMb, double cpuMs, double classes) {
        double totalMs() {
            return initMs + firstMs;
        }
    }

    /** Many events in one JVM after its first: durations, and the same less the time I/O was in flight. */
    record Warm(double[] durationMs, double[] overheadMs, double rssMb, double classes) {
    }

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
            return new Cold(process.initDuration().toNanos() / 1e6, first.duration().toNanos() / 1e6, rssMb(process), cpuMs,
                    probe.classesLoaded(process.pid()));
        }
    }

    Warm warm(FunctionConfiguration function, IntFunction<String> event, int count) {
        try (LambdaFunctionProcess process = start(function)) {
            checked(process, process.invoke(event.apply(0)));
            double[] durations = new double[count];
            double[] overheads = new double[count];
            for (int i = 0; i < count; i++) {
                stack.io().clear();
                Invocation invocation = checked(process, process.invoke(event.apply(i + 1)));
                long took = invocation.answeredNanos() - invocation.deliveredNanos();
                long io = stack.io().busyNanos(invocation.deliveredNanos(), invocation.answeredNanos());
                durations[i] = took / 1e6;
                overheads[i] = Math.max(0, took - io) / 1e6;
            }
            return new Warm(durations, overheads, rssMb(process), probe.classesLoaded(process.pid()));
        }
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
