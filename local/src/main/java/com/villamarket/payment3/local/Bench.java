package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.testkit.KBankStub;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.PackagedFunction;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.TemplateTables.FunctionDef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark: for each function, its artifact's size; cold start (a fresh JVM with only the
 * artifact on the class path, the handler built by its no-argument constructor, one event handled)
 * as init and first invoke, median of several runs; warm latency and handler overhead (I/O
 * excluded) over many invocations; peak RSS. Against DynamoDB Local and the KBank sandbox on
 * loopback. Writes a markdown table.
 */
final class Bench {

    private static final Pattern METRIC = Pattern.compile("(\\w+)=([0-9.]+)");

    private Bench() {
    }

    /** One function to measure: the event each run gets (fresh per run where the path needs it). */
    private record Case(String logicalId, String describe, IntFunction<Path> event) {
    }

    static int run(List<String> args) throws Exception {
        int runs = 5;
        int warm = 1000;
        Path out = Path.of("benchmarks", "results.md");
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--runs" -> runs = Integer.parseInt(args.get(i + 1));
                case "--warm" -> warm = Integer.parseInt(args.get(i + 1));
                case "--out" -> out = Path.of(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        Path outbox = Files.createTempDirectory("payment3-bench-outbox");
        PrintStream log = Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        try (LocalStack stack = LocalStack.start(new LocalStack.Options("bench", 0, 0, 0, null, outbox,
                List.of(RepoFiles.root().resolve("local/sample-orders.json")), Duration.ofMillis(200), Map.of(), false));
                LambdaApiStub lambda = LambdaApiStub.start()) {
            Map<String, String> env = new HashMap<>(stack.functionEnvironment());
            env.remove("EMAIL_FROM");
            env.put("AWS_ACCESS_KEY_ID", "bench");
            env.put("AWS_SECRET_ACCESS_KEY", "bench");
            env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
            List<String> rows = new ArrayList<>();
            for (Case c : cases(stack)) {
                rows.add(measure(stack, c, env, runs, warm));
            }
            String table = table(rows, runs, warm);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
            Log.redirect(log);
            System.out.println(table);
            System.out.println("written to " + out);
            return 0;
        } finally {
            Log.redirect(log);
        }
    }

    private static List<Case> cases(LocalStack stack) throws Exception {
        KBankStub sandbox = stack.sandbox();
        Path root = RepoFiles.root();
        // The card samples' token and charge, taken through card-token and 3-D Secure once, in process.
        sandbox.cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");
        invokeInProcess(stack, "CardTokenFunction", root.resolve("events/card-token/3ds.json"));
        sandbox.complete3ds("chrg_test_sample_3ds", true);
        sandbox.existingCustomer("cust_test_sample");
        // The signed card-notify sample's charge, authorized at once for the sample order.
        sandbox.cardToken("tokn_test_notify1", "authorized", "chrg_test_notify1");
        Path notifyPayment = Files.createTempFile("bench-notify-payment", ".json");
        ObjectNode pay = (ObjectNode) Json.parse(RepoFiles.read("events/card-token/authorized.json"));
        pay.put("body", "{\"token\":\"tokn_test_notify1\",\"orderId\":\"492500005643\"}");
        Files.writeString(notifyPayment, Json.write(pay));
        invokeInProcess(stack, "CardTokenFunction", notifyPayment);
        return List.of(
                new Case("QRCallbackFunction", "paid sample; later calls are replays", n -> root.resolve("events/qr-callback/paid.json")),
                new Case("ProcessPaidOrderInternalFunction", "QR sample; later calls find it paid",
                        n -> root.resolve("events/process-paid-order-internal/qr.json")),
                new Case("CardTokenFunction", "new token each cold run (3-D Secure page); warm calls refuse the used token", n -> cardTokenEvent(stack, n)),
                new Case("CardCallbackFunction", "3-D Secure sample callback; later calls are replays",
                        n -> root.resolve("events/card-callback/paid.json")),
                new Case("ProcessPaidOrderFunction", "card sample; later calls find it paid",
                        n -> root.resolve("events/process-paid-order/card.json")),
                new Case("KBankCreateUserFunction", "keep a card; later calls add it", n -> root.resolve("events/kbank-create-user/save-card.json")),
                new Case("KBankAddCardFunction", "add a card", n -> root.resolve("events/kbank-add-card/add-card.json")),
                new Case("KBankCreateOrderFunction", "a QR order for a signed-in customer",
                        n -> root.resolve("events/kbank-create-order/qr.json")),
                new Case("QRNotifyFunction", "a failed-payment notification, acknowledged",
                        n -> root.resolve("events/qr-notify/failed.json")),
                new Case("CardNotifyFunction", "the signed sample notify; later calls find it handed on",
                        n -> root.resolve("events/card-notify/paid.json")),
                new Case("ReconcileFunction", "scheduled event, nothing pending", n -> root.resolve("events/reconcile/schedule.json")),
                new Case("ReplayFunction", "a dead letter, re-invoked", n -> root.resolve("events/replay/dead-letter.json")));
    }

    private static Path cardTokenEvent(LocalStack stack, int run) {
        try {
            String token = "tokn_test_bench_" + run + "_" + System.nanoTime();
            stack.sandbox().cardToken(token, "3ds", "chrg_test_bench_" + run + "_" + System.nanoTime());
            ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/card-token/3ds.json"));
            ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
            body.put("token", token);
            event.put("body", Json.write(body));
            Path file = Files.createTempFile("bench-cardtoken", ".json");
            Files.writeString(file, Json.write(event));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void invokeInProcess(LocalStack stack, String function, Path event) throws Exception {
        FunctionDef def = stack.function(function).orElseThrow();
        stack.handler(def).handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), new ByteArrayOutputStream(),
                new com.villamarket.payment3.testkit.TestContext(def.functionName()));
    }

    private static String measure(LocalStack stack, Case c, Map<String, String> env, int runs, int warm) {
        FunctionDef def = stack.function(c.logicalId()).orElseThrow();
        Path jar = PackagedFunction.jarOf(def.module());
        double[] init = new double[runs];
        double[] first = new double[runs];
        double[] total = new double[runs];
        for (int i = 0; i < runs; i++) {
            Map<String, Double> m = metrics(PackagedFunction.invoke(jar, def.handlerClass(), c.event().apply(i), env, 0), def);
            init[i] = m.get("init_ms");
            first[i] = m.get("invoke_ms");
            total[i] = init[i] + first[i];
        }
        Map<String, Double> w = metrics(PackagedFunction.invoke(jar, def.handlerClass(), c.event().apply(runs), env, warm), def);
        System.err.println("measured " + def.module());
        return String.format("| %s | %.1f | %.0f | %.0f | %.0f | %.2f / %.2f | %.3f / %.3f | %.0f | %s |", def.module(),
                sizeMb(jar), median(init), median(first), median(total), w.get("warm_p50_ms"), w.get("warm_p99_ms"),
                w.get("overhead_p50_ms"), w.get("overhead_p99_ms"), w.get("rss_peak_mb"), c.describe());
    }

    private static Map<String, Double> metrics(PackagedFunction.Run run, FunctionDef def) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException(def.module() + " failed: " + run.stderr());
        }
        String line = run.stderr().lines().filter(l -> l.startsWith("init_ms=")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException(def.module() + " printed no measurements: " + run.stderr()));
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = METRIC.matcher(line);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double sizeMb(Path jar) {
        try {
            return Files.size(jar) / 1048576.0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String table(List<String> rows, int runs, int warm) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception e) {
            // Not Linux.
        }
        StringBuilder out = new StringBuilder();
        out.append("| function | artifact MB | cold init ms | first invoke ms | cold total ms | warm p50 / p99 ms "
                + "| handler overhead p50 / p99 ms | peak RSS MB | event |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> out.append(r).append('\n'));
        out.append(String.format("%nMachine: %d cores (%s), %s %s; JVM options -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                + "-Xshare:auto. Cold figures are medians of %d fresh JVMs; warm figures are over %d invocations in one JVM; "
                + "DynamoDB Local and the KBank sandbox on loopback. Overhead is the handler's time less its time in KBank "
                + "and AWS calls.%n", Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), runs, warm));
        return out.toString();
    }
}
