package com.villamarket.payment3.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.ops.Commands;
import com.villamarket.payment3.ops.StoryCommand;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.Invocation;
import com.villamarket.payment3.testkit.TemplateTables;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The local stack's command line; {@code ./run-local --help} prints its usage.
 *
 * <p>Paths given on the command line are relative to the folder the command was run in: {@code run-local}
 * passes it as {@code PAYMENT3_CALLER_DIR}, since it runs the stack from the repository's root.
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() || rest.get(0).startsWith("--") ? "serve" : rest.remove(0);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println(usage(command));
            System.exit(0);
        }
        try {
            switch (command) {
                case "serve" -> serve(parse(rest, true), RepoFiles.root());
                case "invoke" -> System.exit(invoke(rest, answerOnly(), System.err));
                case "load" -> System.exit(LoadRun.run(rest, answerOnly()));
                case "story" -> System.exit(read("story", rest, RepoFiles.root(), System.getenv(), System.out, System.err));
                case "worklist" -> System.exit(read("worklist", rest, RepoFiles.root(), System.getenv(), System.out, System.err));
                case "help" -> System.out.println(usage(rest.isEmpty() ? "" : rest.get(0)));
                default -> {
                    System.err.println("payment3-local: no command " + command);
                    System.err.println(usage(""));
                    System.exit(2);
                }
            }
        } catch (SuiteInProcess.PortInUseException | IllegalArgumentException e) {
            System.err.println("payment3-local: " + e.getMessage());
            System.exit(2);
        } catch (SdkClientException e) {
            System.err.println("payment3-local: " + e.getMessage() + (isRefused(e)
                    ? " (is the DynamoDB at --dynamodb-endpoint running?)" : ""));
            System.exit(1);
        } catch (ResourceNotFoundException e) {
            System.err.println("payment3-local: " + e.awsErrorDetails().errorMessage() + " (--dynamodb-endpoint names a"
                    + " DynamoDB without this branch's tables? they are created at start; the order table is "
                    + SuiteInProcess.orderTable(branchOf(rest)) + ")");
            System.exit(1);
        }
    }

    private static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String branchOf(List<String> args) {
        int branch = args.indexOf("--branch");
        return branch >= 0 && branch + 1 < args.size() ? args.get(branch + 1) : "local";
    }

    /** Standard output for the command's answer alone: every log line goes to standard error. */
    private static PrintStream answerOnly() {
        PrintStream answer = System.out;
        System.setOut(System.err);
        Log.redirect(System.err);
        return answer;
    }

    private static void serve(SuiteInProcess.Options options, Path checkout) throws InterruptedException {
        StackState.refuseSecondStart(checkout);
        SuiteInProcess stack = SuiteInProcess.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("payment3-local: stopping");
            StackState.remove(checkout, ProcessHandle.current().pid());
            stack.close();
            stopped.countDown();
        }));
        StackState.of(stack, Instant.now()).write(checkout);
        String api = stack.apiUrl();
        System.out.println();
        System.out.println("payment3-local is running (branch " + options.branch() + "). Ctrl-C stops it.");
        System.out.println("  API             " + api);
        stack.describeRoutes().forEach(r -> System.out.println("                    " + r));
        System.out.println("  DynamoDB        " + stack.dynamoDbEndpoint() + (options.dynamoDbEndpoint() == null ? " (moto's DynamoDB, in memory)" : ""));
        System.out.println("  KBank           " + stack.kbankUrl() + (stack.usesSandbox()
                ? " (sandbox; x-api-key " + SuiteInProcess.SANDBOX_SECRET_KEY + "; control endpoints under /_sandbox/)" : ""));
        System.out.println("  E-mail outbox   " + stack.outbox().toAbsolutePath());
        System.out.println("  Sample world    " + (options.samples() ? "prepared (docs/running-locally.md, \"The sample world\")"
                : "not prepared (--empty)"));
        System.out.println("  Worklist        " + api + "/_local/worklist (or ./run-local worklist)");
        System.out.println("  State file      " + StackState.file(checkout) + " (./run-local story and worklist read this stack)");
        if (stack.usesSandbox()) {
            System.out.println();
            System.out.println("Try: curl -s -X POST " + stack.kbankUrl() + "/_sandbox/qr/charges -d '{\"amount\": \"6.00\", \"orderId\": \"002500048744\"}'");
        }
        System.out.println();
        stopped.await();
    }

    /**
     * Runs one function once as Lambda runs it: its deployment package under Lambda's runtime interface client,
     * configured as the template deploys it on a fresh local stack. Its answer alone goes to {@code out}; its
     * log, the asynchronous invocations it started and anything that failed go to {@code err}.
     *
     * @return 0 when the function answered, 1 when it failed (its error object is the answer), 2 for a usage error
     */
    static int invoke(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new IllegalArgumentException("invoke needs a function: " + functionNames());
        }
        String name = args.remove(0);
        int e = args.indexOf("-e");
        if (e < 0 || e + 1 >= args.size()) {
            throw new IllegalArgumentException("invoke needs -e EVENT_FILE");
        }
        if (TemplateTables.load().functions("local").stream().noneMatch(f -> SuiteInProcess.isNamed(f, name))) {
            throw new IllegalArgumentException("no function " + name + " in template.yaml; the functions are: " + functionNames());
        }
        Path eventFile = callerPath(args.get(e + 1));
        args.remove(e + 1);
        args.remove(e);
        String event = readEvent(eventFile);
        long started = System.nanoTime();
        try (SuiteInProcess stack = SuiteInProcess.start(parse(args, false));
                LambdaFunctionProcess function = stack.startPackaged(name)) {
            long stackMs = (System.nanoTime() - started) / 1_000_000;
            int code;
            try {
                Invocation answer = function.invoke(event);
                code = answer.failed() ? 1 : 0;
                out.println(answer.failed() ? Json.write(Json.mapper().valueToTree(answer.error())) : answer.responseText());
                err.printf("payment3-local: REPORT %s Duration: %d ms Init Duration: %d ms Max Memory Used: %s (local stack ready in %d ms)%n",
                        function.function().functionName(), answer.duration().toMillis(), function.initDuration().toMillis(),
                        function.peakRssKb().stream().mapToObj(kb -> kb / 1024 + " MB").findFirst().orElse("unknown"), stackMs);
            } catch (LambdaFunctionProcess.InitError | IllegalStateException failure) {
                out.println(Json.write(Json.object().put("errorType", "Runtime.InitError").put("errorMessage",
                        failure instanceof LambdaFunctionProcess.InitError init ? init.error().errorMessage() : failure.getMessage())));
                code = 1;
            }
            err.print(function.output());
            if (!stack.awaitIdle(Duration.ofSeconds(60))) {
                err.println("payment3-local: asynchronous invocations still running after 60 s");
            }
            String dead = stack.deadLettersJson();
            if (!"[]".equals(dead)) {
                err.println("payment3-local: failed asynchronous invocations: " + dead);
            }
            return code;
        }
    }

    /**
     * The story or worklist command against the stack running in this checkout, as its state file names it
     * (its DynamoDB, its KBank, its API's replay and reconcile paths); with {@code --endpoint}, against that
     * DynamoDB instead (and KBank at {@code KBANK_BASE_URL}, else the sandbox's default port).
     *
     * @return the exit code: 0 told, 1 failed, 2 no stack or bad arguments
     */
    static int read(String command, List<String> args, Path checkout, Map<String, String> processEnv, PrintStream out,
            PrintStream err) {
        Map<String, String> env = new HashMap<>(processEnv);
        StoryCommand.Defaults defaults;
        if (args.contains("--help") || args.contains("-h") || args.contains("--endpoint")) {
            String kbank = env.getOrDefault("KBANK_BASE_URL", "");
            env.putIfAbsent("ORDER_TABLE_NAME", SuiteInProcess.orderTable(branchOf(args)));
            env.put("BASE_URL", kbank.isEmpty() ? "http://127.0.0.1:8010" : kbank);
            if (kbank.isEmpty()) {
                env.put("KBANK_SECRET_KEY", SuiteInProcess.SANDBOX_SECRET_KEY);
            }
            defaults = new StoryCommand.Defaults("local", null, Commands.local("http://127.0.0.1:3000"), "./run-local");
        } else {
            StackState stack;
            try {
                stack = StackState.running(checkout);
            } catch (IllegalArgumentException e) {
                err.println(command + ": " + e.getMessage());
                return 2;
            }
            if (args.contains("--branch") && !stack.branch().equals(branchOf(args))) {
                err.println(command + ": the running stack is of branch " + stack.branch() + ", not " + branchOf(args)
                        + " (drop --branch, or give --endpoint " + stack.dynamoDb() + " to read that branch's tables there)");
                return 2;
            }
            env.put("ORDER_TABLE_NAME", stack.orderTable());
            env.put("BASE_URL", stack.kbank().toString());
            if (stack.kbankSandbox()) {
                env.put("KBANK_SECRET_KEY", SuiteInProcess.SANDBOX_SECRET_KEY);
            }
            defaults = new StoryCommand.Defaults(stack.branch(), stack.dynamoDb(), Commands.local(stack.api().toString()),
                    "./run-local");
        }
        return "story".equals(command) ? StoryCommand.run(args, defaults, env, out, err)
                : StoryCommand.worklist(args, defaults, env, out, err);
    }

    /** The event file's text, which must be JSON: a file that is not is named, with where it goes wrong. */
    private static String readEvent(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no event file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event file " + file + ": " + e.getMessage());
        }
        try {
            Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event file " + file + " is not JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")");
        }
        return text;
    }

    /** The functions by logical id, each with its module. */
    static String functionNames() {
        return TemplateTables.load().functions("local").stream()
                .map(f -> f.logicalId() + " (" + f.module() + ")").collect(Collectors.joining(", "));
    }

    /** A path given on the command line, relative to the folder the command was run in. */
    static Path callerPath(String given) {
        return callerPath(given, System.getenv("PAYMENT3_CALLER_DIR"));
    }

    static Path callerPath(String given, String callerDir) {
        Path path = Path.of(given);
        return path.isAbsolute() || callerDir == null ? path : Path.of(callerDir).resolve(path).normalize();
    }

    static SuiteInProcess.Options parse(List<String> args, boolean withApi) {
        String branch = "local";
        int apiPort = withApi ? 3000 : 0;
        int dynamoDbPort = withApi ? 8000 : 0;
        int kbankPort = withApi ? 8010 : 0;
        URI dynamoDbEndpoint = null;
        Path outbox = callerPath("outbox");
        List<Path> seeds = new ArrayList<>();
        boolean samples = true;
        long retryDelayMs = 1000;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if ("--empty".equals(option)) {
                samples = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value (see --help)");
            }
            String value = args.get(++i);
            switch (option) {
                case "--branch" -> branch = value;
                case "--api-port" -> apiPort = port(option, value);
                case "--dynamodb-port" -> dynamoDbPort = port(option, value);
                case "--dynamodb-endpoint" -> dynamoDbEndpoint = URI.create(value);
                case "--kbank-port" -> kbankPort = port(option, value);
                case "--outbox" -> outbox = callerPath(value);
                case "--seed" -> {
                    Path seed = callerPath(value);
                    if (!Files.isRegularFile(seed)) {
                        throw new IllegalArgumentException("no seed file " + seed);
                    }
                    seeds.add(seed);
                }
                case "--retry-delay-ms" -> retryDelayMs = number(option, value, 0, 600_000);
                default -> throw new IllegalArgumentException("unknown option " + option + " (see --help)");
            }
        }
        return new SuiteInProcess.Options(branch, apiPort, dynamoDbPort, kbankPort, dynamoDbEndpoint, outbox, seeds, samples,
                Duration.ofMillis(retryDelayMs), System.getenv(), withApi);
    }

    private static int port(String option, String value) {
        return (int) number(option, value, 0, 65535);
    }

    private static long number(String option, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max);
    }

    /** The usage of one command, or of all when {@code command} is none of them. */
    static String usage(String command) {
        String options = "[--branch local] [--api-port 3000] [--dynamodb-port 8000 | --dynamodb-endpoint URL]\n"
                + "                 [--kbank-port 8010] [--outbox outbox] [--seed FILE]... [--empty] [--retry-delay-ms 1000]";
        String environment = String.join("\n",
                "Any variable template.yaml sets (RECONCILE_MIN_AGE_MINUTES, THANK_YOU_URL, ...) is taken from the environment when set;",
                "KBANK_BASE_URL and KBANK_SECRET_KEY in the environment replace the KBank sandbox.");
        return switch (command) {
            case "serve" -> String.join("\n",
                    "usage: run-local [serve] " + options,
                    "The whole suite on loopback ports, with the sample world (docs/running-locally.md, \"The sample world\");",
                    "--empty leaves it out, --seed adds orders (a JSON array of {\"orderId\", \"data\", \"form\"?}). Each run writes",
                    "its mail to outbox/run-<time>/ (the last " + Outbox.KEEP_RUNS + " runs are kept). One stack per checkout: it",
                    "writes " + StackState.FOLDER + "/" + StackState.FILE + ", which story and worklist read.",
                    environment);
            case "invoke" -> String.join("\n",
                    "usage: run-local invoke FUNCTION -e EVENT_FILE " + options,
                    "One function once as Lambda runs it (its jar under Lambda's runtime interface client) on a fresh stack of its",
                    "own (ports of its own); its answer alone on standard output, its log on standard error.",
                    "FUNCTION is a logical id, a module or a deployed name: " + functionNames(),
                    environment);
            case "story" -> StoryCommand.usage("./run-local").replace(" --branch B", "") + "\n"
                    + "Reads the stack running in this checkout (" + StackState.FOLDER + "/" + StackState.FILE
                    + "); --endpoint URL reads another DynamoDB instead.";
            case "worklist" -> StoryCommand.worklistUsage("./run-local").replace(" --branch B", "") + "\n"
                    + "Reads the stack running in this checkout; the same list is the page /_local/worklist on its API port.";
            case "load" -> String.join("\n",
                    "usage: run-local load [--callbacks 2000] [--orders 500] [--concurrency 32] [--max-seconds 300]",
                    "A load test of the QR path on a fresh stack of its own: throughput, latency, and exactly-once checked.");
            default -> String.join("\n",
                    "usage: run-local [serve] [options]           the whole suite on localhost (run-local serve --help)",
                    "       run-local invoke FUNCTION -e EVENT    one function once, as Lambda runs it",
                    "       run-local story ORDER_OR_CHARGE_ID     the story of one order or charge, of the running stack",
                    "       run-local worklist                     what needs a person, of the running stack",
                    "       run-local load [options]               a load test of the QR path",
                    "       run-local bench [options]              the benchmark (run-local bench --help)",
                    "run-local COMMAND --help shows a command's options.");
        };
    }
}
