package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A load test of the QR path against the local stack on loopback: many callbacks for fewer orders
 * (the rest are duplicates, as KBank and browsers send them), from many threads at once; bounded in
 * count and time, it stops by itself. Reports throughput and latency, and checks exactly-once
 * against the tables and the outbox.
 */
final class LoadRun {

    private LoadRun() {
    }

    static int run(List<String> args, PrintStream report) throws Exception {
        int callbacks = 2000;
        int orders = 500;
        int concurrency = 32;
        int maxSeconds = 300;
        if (args.size() % 2 != 0) {
            throw new IllegalArgumentException(args.get(args.size() - 1) + " needs a value (see --help)");
        }
        for (int i = 0; i + 1 < args.size(); i += 2) {
            int value;
            try {
                value = Integer.parseInt(args.get(i + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args.get(i) + " must be a whole number");
            }
            switch (args.get(i)) {
                case "--callbacks" -> callbacks = value;
                case "--orders" -> orders = value;
                case "--concurrency" -> concurrency = value;
                case "--max-seconds" -> maxSeconds = value;
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (see --help)");
            }
        }
        if (orders < 1 || callbacks < orders || concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("need 1 <= orders <= callbacks and 1 <= concurrency <= 256");
        }
        Path outbox = Files.createTempDirectory("payment3-load-outbox");
        // The suite's own log would drown the report: it goes nowhere during the run.
        PrintStream log = Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        try (SuiteInProcess stack = SuiteInProcess.start(new SuiteInProcess.Options("load", 0, 0, 0, null, outbox, List.of(), false,
                Duration.ofMillis(200), Map.of(), true))) {
            return drive(stack, callbacks, orders, concurrency, maxSeconds, report);
        } finally {
            Log.redirect(log);
            delete(outbox);
        }
    }

    /** Removes the run's temporary outbox, its e-mails counted. */
    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static int drive(SuiteInProcess stack, int callbacks, int orders, int concurrency, int maxSeconds, PrintStream report)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(concurrency)).build();
        Random random = new Random(20261121L);
        List<String> orderIds = new ArrayList<>();
        List<String> chargeIds = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String orderId = String.format("7700%08d", i);
            String amount = (10 + random.nextInt(990)) + "." + String.format("%02d", random.nextInt(100));
            ObjectNode data = Json.object();
            data.put("grandTotal", new BigDecimal(amount));
            stack.components().tables().orders().put(new OrderId(orderId), data, DataForm.JSON_STRING);
            HttpResponse<String> charge = http.send(HttpRequest.newBuilder(URI.create(stack.kbankUrl() + "/_sandbox/qr/charges"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": \"" + amount + "\", \"orderId\": \""
                            + orderId + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            orderIds.add(orderId);
            chargeIds.add(Json.parse(charge.body()).path("id").asText());
            amounts.add(amount);
        }
        List<Integer> plan = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            plan.add(i);
        }
        for (int i = orders; i < callbacks; i++) {
            plan.add(random.nextInt(orders));
        }
        Collections.shuffle(plan, random);

        long[] latencies = new long[plan.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger non200 = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
        URI callback = URI.create(stack.apiUrl() + "/qrcallback");
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            running.add(workers.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < plan.size() && System.nanoTime() < deadline) {
                    int o = plan.get(i);
                    String form = "orderId=" + orderIds.get(o) + "&status=success&amount=" + amounts.get(o)
                            + "&chargeId=" + chargeIds.get(o);
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(callback)
                                .header("content-type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            non200.incrementAndGet();
                        }
                    } catch (Exception e) {
                        non200.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - begin;
                    sent.incrementAndGet();
                }
                return null;
            }));
        }
        // Progress on standard error every two seconds; the report alone goes to standard output.
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> System.err.printf("load: %d / %d callbacks sent, %.0f s%n", sent.get(),
                plan.size(), (System.nanoTime() - start) / 1e9), 2, 2, TimeUnit.SECONDS);
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            progress.shutdownNow();
        }
        System.err.println("load: all sent; waiting for ProcessPaidOrderInternal to finish");
        long elapsed = System.nanoTime() - start;
        workers.shutdown();
        boolean idle = stack.awaitIdle(Duration.ofSeconds(120));

        // Exactly once: every order paid with its own charge, one success row, one e-mail.
        int paidOnce = 0;
        int wrong = 0;
        for (int i = 0; i < orders; i++) {
            Order order = stack.components().tables().orders().find(new OrderId(orderIds.get(i))).orElseThrow();
            long successRows = stack.components().tables().processPaidOrderLog().forOrder(new OrderId(orderIds.get(i))).stream()
                    .filter(r -> r.outcome() == ProcessedAs.PAID).count();
            if (order.paidChargeId() != null && chargeIds.get(i).equals(order.paidChargeId().value())
                    && successRows == 1) {
                paidOnce++;
            } else {
                wrong++;
            }
        }
        long mails;
        try (Stream<Path> files = Files.list(stack.outbox())) {
            mails = files.filter(f -> f.toString().endsWith("mail.txt")).count();
        }
        String dead = stack.deadLettersJson();

        long[] done = Arrays.copyOf(latencies, sent.get());
        Arrays.sort(done);
        double seconds = elapsed / 1e9;
        report.println();
        report.println("| QR callback load, local stack on loopback | |");
        report.println("|---|---|");
        report.printf("| callbacks sent / planned | %d / %d (%d orders, %d duplicates) |%n", sent.get(), plan.size(),
                orders, plan.size() - orders);
        report.printf("| concurrency | %d |%n", concurrency);
        report.printf("| wall time | %.1f s |%n", seconds);
        report.printf("| throughput | %.0f callbacks/s |%n", sent.get() / seconds);
        report.printf("| latency p50 / p90 / p99 / max | %.1f / %.1f / %.1f / %.1f ms |%n", pct(done, 50), pct(done, 90),
                pct(done, 99), done.length == 0 ? 0 : done[done.length - 1] / 1e6);
        report.printf("| answers other than 200 | %d |%n", non200.get());
        report.printf("| orders paid exactly once (own charge, one success row) | %d / %d |%n", paidOnce, orders);
        report.printf("| paid e-mails in the outbox | %d |%n", mails);
        report.printf("| dead letters | %s |%n", "[]".equals(dead) ? "0" : dead);
        report.printf("| machine | %d cores, %s %s |%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        report.println();
        boolean exactlyOnce = idle && wrong == 0 && mails == orders && "[]".equals(dead) && sent.get() == plan.size();
        report.println(exactlyOnce ? "exactly once: yes" : "exactly once: NO");
        return exactlyOnce ? 0 : 1;
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
