package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.ops.Commands;
import com.villamarket.payment3.ops.StoryCommand;
import com.villamarket.payment3.testkit.TemplateTables.FunctionDef;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's command line.
 *
 * <pre>
 * serve  [--branch B] [--api-port 3000] [--dynamodb-port 8000 | --dynamodb-endpoint URL]
 *        [--kbank-port 8010] [--outbox DIR] [--seed FILE]... [--retry-delay-ms 1000]
 * invoke FUNCTION -e EVENT_FILE [the same options]
 * story  ORDER_OR_CHARGE_ID [--kbank] [--json] [--endpoint http://127.0.0.1:8000] (of a running stack)
 * </pre>
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("sqlite4java.library.path") == null) {
            // The build copies DynamoDB Local's native SQLite library beside the jar's lib folder.
            Path jar = Path.of(LocalMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            System.setProperty("sqlite4java.library.path", jar.resolveSibling("native-libs").toString());
        }
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h")) {
            usage(0);
        }
        String command = rest.isEmpty() || rest.get(0).startsWith("--") ? "serve" : rest.remove(0);
        try {
            switch (command) {
                case "serve" -> serve(parse(rest, true));
                case "invoke" -> System.exit(invoke(rest));
                case "load" -> System.exit(LoadRun.run(rest));
                case "story" -> System.exit(story(rest));
                case "bench" -> {
                    System.err.println("payment3-local: the benchmark is its own module now; run it with ./run-local bench");
                    System.exit(2);
                }
                case "help", "--help", "-h" -> usage(0);
                default -> usage(2);
            }
        } catch (LocalStack.PortInUseException | IllegalArgumentException e) {
            System.err.println("payment3-local: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void serve(LocalStack.Options options) throws InterruptedException {
        LocalStack stack = LocalStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("payment3-local: stopping");
            stack.close();
            stopped.countDown();
        }));
        String api = stack.apiUrl();
        System.out.println();
        System.out.println("payment3-local is running (branch " + options.branch() + "). Ctrl-C stops it.");
        System.out.println("  API             " + api);
        stack.describeRoutes().forEach(r -> System.out.println("                    " + r));
        System.out.println("                    GET /_local/dead-letters -> failed asynchronous invocations");
        System.out.println("                    POST /_local/replay, POST /_local/reconcile -> the replay and reconciliation functions");
        System.out.println("                    GET /_local/orders/{order or charge id}[?kbank=true] -> its story (also ./run-local story)");
        System.out.println("  DynamoDB        " + stack.dynamoDbEndpoint() + (options.dynamoDbEndpoint() == null ? " (DynamoDB Local, in memory)" : ""));
        System.out.println("  KBank           " + stack.kbankUrl() + (stack.usesSandbox()
                ? " (sandbox; x-api-key " + LocalStack.SANDBOX_SECRET_KEY + "; control endpoints under /_sandbox/)" : ""));
        System.out.println("  E-mail outbox   " + stack.outbox().toAbsolutePath());
        if (stack.usesSandbox()) {
            System.out.println();
            System.out.println("Try: curl -s -X POST " + stack.kbankUrl() + "/_sandbox/qr/charges -d '{\"amount\": \"6.00\", \"reference_order\": \"002500048744\"}'");
        }
        System.out.println();
        stopped.await();
    }

    private static int invoke(List<String> args) throws Exception {
        if (args.isEmpty() || args.get(0).startsWith("--") || args.get(0).equals("-e")) {
            usage(2);
        }
        String name = args.remove(0);
        int e = args.indexOf("-e");
        if (e < 0 || e + 1 >= args.size()) {
            throw new IllegalArgumentException("invoke needs -e EVENT_FILE");
        }
        Path eventFile = Path.of(args.get(e + 1));
        args.remove(e + 1);
        args.remove(e);
        byte[] event = Files.readAllBytes(eventFile);
        try (LocalStack stack = LocalStack.start(parse(args, false))) {
            FunctionDef function = stack.function(name).orElseThrow(() -> new IllegalArgumentException(
                    "no function " + name + " in template.yaml (use its logical id, module or name)"));
            RequestStreamHandler handler = stack.handler(function);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = 0;
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext(function.functionName()));
                System.out.println(out.toString(StandardCharsets.UTF_8));
            } catch (RuntimeException failure) {
                System.out.println("{\"errorType\":\"" + failure.getClass().getName() + "\",\"errorMessage\":"
                        + com.villamarket.payment3.common.json.Json.write(String.valueOf(failure.getMessage())) + "}");
                code = 1;
            }
            if (!stack.awaitIdle(Duration.ofSeconds(60))) {
                System.err.println("payment3-local: asynchronous invocations still running after 60 s");
            }
            String dead = stack.deadLettersJson();
            if (!"[]".equals(dead)) {
                System.err.println("payment3-local: failed asynchronous invocations: " + dead);
            }
            return code;
        }
    }

    /** The story command against a running local stack: its DynamoDB, its KBank sandbox, its replay and reconcile paths. */
    private static int story(List<String> args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        String kbank = env.getOrDefault("KBANK_BASE_URL", "");
        env.put("BASE_URL", kbank.isEmpty() ? "http://127.0.0.1:8010" : kbank);
        if (kbank.isEmpty()) {
            env.put("KBANK_SECRET_KEY", LocalStack.SANDBOX_SECRET_KEY);
        }
        return StoryCommand.run(args, new StoryCommand.Defaults("local", URI.create("http://127.0.0.1:8000"),
                Commands.local("http://127.0.0.1:3000"), "./run-local"), env, System.out, System.err);
    }

    static LocalStack.Options parse(List<String> args, boolean withApi) {
        String branch = "local";
        int apiPort = withApi ? 3000 : 0;
        int dynamoDbPort = withApi ? 8000 : 0;
        int kbankPort = withApi ? 8010 : 0;
        URI dynamoDbEndpoint = null;
        Path outbox = Path.of("outbox");
        List<Path> seeds = new ArrayList<>();
        long retryDelayMs = 1000;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--branch" -> branch = value;
                case "--api-port" -> apiPort = port(option, value);
                case "--dynamodb-port" -> dynamoDbPort = port(option, value);
                case "--dynamodb-endpoint" -> dynamoDbEndpoint = URI.create(value);
                case "--kbank-port" -> kbankPort = port(option, value);
                case "--outbox" -> outbox = Path.of(value);
                case "--seed" -> {
                    Path seed = Path.of(value);
                    if (!Files.isRegularFile(seed)) {
                        throw new IllegalArgumentException("no seed file " + value);
                    }
                    seeds.add(seed);
                }
                case "--retry-delay-ms" -> retryDelayMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + option + " (see 'help')");
            }
        }
        return new LocalStack.Options(branch, apiPort, dynamoDbPort, kbankPort, dynamoDbEndpoint, outbox, seeds,
                Duration.ofMillis(retryDelayMs), System.getenv(), withApi);
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number");
        }
    }

    private static void usage(int code) {
        (code == 0 ? System.out : System.err).println(String.join("\n",
                "usage: run-local [serve] [--branch local] [--api-port 3000] [--dynamodb-port 8000 | --dynamodb-endpoint URL]",
                "                 [--kbank-port 8010] [--outbox outbox] [--seed FILE]... [--retry-delay-ms 1000]",
                "       run-local invoke FUNCTION -e EVENT_FILE [the same options]",
                "       run-local story ORDER_OR_CHARGE_ID [--kbank] [--json] [--endpoint http://127.0.0.1:8000] (a running stack's)",
                "       run-local load [--callbacks 2000] [--orders 500] [--concurrency 32] [--max-seconds 300]",
                "       run-local bench [--runs 5] [--pairs 9] [--warm 1000] [--out benchmarks/results.md] [--only qr-callback,…] [--java PATH]",
                "KBANK_BASE_URL and KBANK_SECRET_KEY in the environment replace the KBank sandbox."));
        System.exit(code);
    }
}
