package com.villamarket.payment3.benchmarks;

import com.villamarket.payment3.benchmarks.BenchCases.Case;
import com.villamarket.payment3.benchmarks.FunctionRuns.Cold;
import com.villamarket.payment3.benchmarks.FunctionRuns.Warm;
import com.villamarket.payment3.benchmarks.Report.Pairs;
import com.villamarket.payment3.benchmarks.Report.Row;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.RepoFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark command ({@code ./run-local bench}): every function of template.yaml and the two references
 * run under Lambda's java runtime interface client with the template's configuration, cold (a fresh JVM
 * each run) and warm (many events in one JVM), qr-callback and the SDK-defaults reference in alternating
 * pairs; prints the results and writes them as markdown.
 *
 * <pre>
 * bench [--runs 5] [--pairs 9] [--warm 1000] [--out benchmarks/results.md] [--only qr-callback,floor,…] [--java PATH]
 *       [--against OTHER-QR-CALLBACK.jar [--against-env NAME=VALUE]…]
 * </pre>
 */
public final class Bench {

    /**
     * The command line.
     *
     * @param against    another build of qr-callback's deployment package to pair it with instead of the reference
     *                   (a jar built at another commit); null for the reference
     * @param againstEnv variables the partner runs with beside the template's ({@code JAVA_TOOL_OPTIONS} to compare JVM
     *                   options on one jar)
     */
    record Options(int runs, int pairs, int warm, Path out, Set<String> only, Path java, Path against,
            Map<String, String> againstEnv) {

        static Options parse(List<String> args) {
            int runs = 5;
            int pairs = 9;
            int warm = 1000;
            Path out = RepoFiles.root().resolve("benchmarks/results.md");
            Set<String> only = Set.of();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path against = null;
            Map<String, String> againstEnv = new HashMap<>();
            for (int i = 0; i < args.size(); i += 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(args.get(i) + " needs a value");
                }
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "--runs" -> runs = positive("--runs", value);
                    case "--pairs" -> pairs = positive("--pairs", value);
                    case "--warm" -> warm = positive("--warm", value);
                    case "--out" -> out = Path.of(value);
                    case "--only" -> only = Set.copyOf(Arrays.asList(value.split(",")));
                    case "--java" -> java = Path.of(value);
                    case "--against" -> against = Path.of(value).toAbsolutePath();
                    case "--against-env" -> {
                        int equals = value.indexOf('=');
                        if (equals < 1) {
                            throw new IllegalArgumentException("--against-env takes NAME=VALUE");
                        }
                        againstEnv.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (!againstEnv.isEmpty() && against == null) {
                throw new IllegalArgumentException("--against-env needs --against");
            }
            return new Options(runs, pairs, warm, out, only, java, against, Map.copyOf(againstEnv));
        }

        /** Whether a case runs; qr-callback and its partner go together, as they are measured in pairs. */
        boolean selected(Case c) {
            if (only.isEmpty() || only.contains(c.name())) {
                return true;
            }
            Set<String> pair = Set.of(BenchCases.QR_CALLBACK, BenchCases.REFERENCE, BenchCases.AGAINST);
            return pair.contains(c.name()) && only.stream().anyMatch(pair::contains);
        }

        private static int positive(String option, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1");
            }
            return n;
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String usage = "usage: run-local bench [--runs 5] [--pairs 9] [--warm 1000] [--out benchmarks/results.md] "
                + "[--only qr-callback,floor,…] [--java PATH] [--against OTHER-QR-CALLBACK.jar [--against-env NAME=VALUE]…]";
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage);
            System.exit(0);
        }
        try {
            System.exit(run(List.of(args), System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
        }
    }

    /** Runs the benchmark; progress goes to standard error, the results to {@code out} and the file. */
    static int run(List<String> args, PrintStream out) throws IOException {
        Options options = Options.parse(args);
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        List<Row> rows = new ArrayList<>();
        Pairs pairs = null;
        try (BenchStack stack = BenchStack.start()) {
            FunctionRuns runs = new FunctionRuns(stack, options.java());
            List<Case> cases = new BenchCases(stack, runs).all(options.against(), options.againstEnv()).stream().filter(options::selected).toList();
            Map<String, List<Cold>> cold = new HashMap<>();
            Case ours = find(cases, BenchCases.QR_CALLBACK);
            Case partner = find(cases, options.against() == null ? BenchCases.REFERENCE : BenchCases.AGAINST);
            if (ours != null && partner != null) {
                pairs = pairs(stack, runs, ours, partner, options.pairs());
                cold.put(ours.name(), pairs.ours());
                cold.put(partner.name(), pairs.reference());
            }
            for (Case c : cases) {
                c.prepare().run();
                List<Cold> samples = cold.get(c.name());
                if (samples == null) {
                    samples = new ArrayList<>();
                    for (int i = 0; i < options.runs(); i++) {
                        samples.add(runs.cold(c.function(), c.event().apply(i)));
                    }
                }
                Warm warm = runs.warm(c.function(), c.event(), options.warm());
                rows.add(new Row(c.name(), Files.size(c.function().artifact()) / 1048576.0, samples, warm, c.describe()));
                System.err.printf("bench: %s measured%n", c.name());
            }
        }
        String conditions = conditions(options, started, loadBefore, Machine.loadAverage(), pairs != null);
        String results = "# Benchmark results\n\nWritten by `./run-local bench` (benchmarks/runner) on "
                + started.truncatedTo(ChronoUnit.SECONDS) + ". Local figures, not Lambda's: see the conditions below.\n\n"
                + Report.markdown(rows, pairs, conditions);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), results, StandardCharsets.UTF_8);
        out.println(results);
        out.println("written to " + options.out());
        return 0;
    }

    /** Cold runs of qr-callback and its partner, one of each per pair, the first of a pair alternating. */
    private static Pairs pairs(BenchStack stack, FunctionRuns runs, Case ours, Case partner, int count) {
        List<Cold> oursCold = new ArrayList<>();
        List<Cold> partnerCold = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean oursFirst = i % 2 == 0;
            for (Case c : oursFirst ? List.of(ours, partner) : List.of(partner, ours)) {
                // Each cold run takes the happy path: the charge is recorded and handed on again.
                stack.forgetQrPayment(c.qrBranch(), BenchCases.QR_SAMPLE_CHARGE);
                Cold sample = runs.cold(c.function(), c.event().apply(i));
                (c == ours ? oursCold : partnerCold).add(sample);
            }
            System.err.printf("bench: pair %d of %d: qr-callback %.0f ms, %s %.0f ms%n", i + 1, count,
                    oursCold.get(i).totalMs(), partner.name(), partnerCold.get(i).totalMs());
        }
        return new Pairs(partner.name(), partner.describe(), oursCold, partnerCold);
    }

    private static Case find(List<Case> cases, String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String conditions(Options options, Instant started, String loadBefore, String loadAfter, boolean paired) {
        String toolOptions = RepoFiles.read("template.yaml").lines().filter(l -> l.trim().startsWith("JAVA_TOOL_OPTIONS:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim().replace("\"", "")).findFirst().orElse("none");
        return String.join("\n",
                "## Conditions",
                "",
                "- When: " + started.truncatedTo(ChronoUnit.SECONDS) + " to " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".",
                "- Machine: " + Machine.describe() + "; load average (1, 5, 15 min) " + loadBefore + " before, " + loadAfter
                        + " after. The machine is shared: other builds may have run at the same time, so single figures are noisy.",
                "- Function JVMs: " + Machine.javaVersion(options.java()) + " (Lambda's java21 runs Amazon Corretto 21).",
                "- JVM options, as Lambda's java bootstrap passes them, and last the memory a sandbox of that size gives the JVM "
                        + "(`-XX:MaxRAM`): `" + String.join(" ", LambdaFunctionProcess.jvmOptions(1024))
                        .replaceAll("-Dcom\\.amazonaws\\.services\\.lambda\\.runtime\\.api\\.client\\.runtimeapi\\.NativeClient\\.JNI=\\S+",
                                "-D…NativeClient.JNI=<the client's native library>")
                        + "` at 1024 MB (`-XX:MaxHeapSize=445645k`, `-XX:MaxRAM=512m` at 512 MB), then the template's `JAVA_TOOL_OPTIONS` (`" + toolOptions
                        + "`). Lambda also passes a Log4Shell hot-patch agent and its own class-data archive "
                        + "(`-Xshare:on -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa`); neither can be had here.",
                "- Runs: cold, " + (paired ? options.pairs() + " pairs for qr-callback and the reference, " : "")
                        + options.runs() + " fresh JVMs for every other function (medians); warm, " + options.warm()
                        + " events in one JVM after its first.",
                "",
                "## How it is measured",
                "",
                "- Every function runs as Lambda's java runtime runs it (testkit's `LambdaFunctionProcess`): its deployment package "
                        + "unzipped into a fresh task root, a fresh JVM with only the runtime interface client "
                        + "(aws-lambda-java-runtime-interface-client 2.10.1) on the class path, Lambda's environment variables and the "
                        + "template's, and a Runtime API on loopback. Memory sizes and timeouts are the template's; no CPU or memory "
                        + "limit is applied, and there is no SnapStart here.",
                "- **init**: the JVM's start to the runtime's first `GET /runtime/invocation/next` (Lambda's Init Duration). "
                        + "**first invocation**: the event handed over to the answer posted (Lambda's Duration). **cold total**: both. "
                        + "**× reference**: a function's median cold total over the reference's in the same run (for qr-callback the "
                        + "ratios of its pairs with the reference, below, are the finer measure).",
                "- **warm p50 / p99**: Lambda's Duration of each warm event. **warm overhead**: the same less the time any request "
                        + "to moto's DynamoDB, the KBank sandbox or the Lambda Invoke stub was in flight, as timed by loopback proxies "
                        + "in front of those three (overlapping requests counted once). Nothing in the functions is changed or "
                        + "instrumented, so the overhead is the same measure for ours and the reference: the handler's own work, the SDK's "
                        + "marshalling and signing, the HTTP clients, and the runtime client's own handling of the event and answer.",
                "- **classes loaded**: the classes the cold JVM had loaded when it answered its first event, the JDK's own included "
                        + "(read with the JDK's `jstat` from the JVM's counters). **cold CPU ms**: the CPU time, user and system, "
                        + "of every thread of the cold JVM by then (from `/proc`); unlike wall time it does not grow when the run waits "
                        + "for a core another process holds.",
                "- **peak RSS**: VmHWM of the warm JVM after its last event.",
                "- **SDK region metadata classes**: the classes of the SDK's `GeneratedServiceMetadataProvider` and its per-service "
                        + "`regions.servicemetadata` classes that the warm JVM loaded from its start to its last event, read from its "
                        + "class loading log (`-Xlog:class+load`, added to the template's `JAVA_TOOL_OPTIONS` for the warm JVM only, "
                        + "so cold timings are not touched). Before the SDK's 2.53.0 (aws-sdk-java-v2 #3664, PR #7161) the first "
                        + "client built all 312 services' metadata.",
                "- The QR callback and the reference run on their own copies of the tables (branches `" + BenchStack.BRANCH + "` and `"
                        + BenchStack.REFERENCE_BRANCH + "`) and read the same order; every I/O goes through a loopback proxy, "
                        + "for ours and the reference alike.",
                "");
    }
}
