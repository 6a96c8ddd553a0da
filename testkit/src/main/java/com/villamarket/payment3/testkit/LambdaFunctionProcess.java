package com.villamarket.payment3.testkit;

import com.villamarket.payment3.testkit.LambdaRuntimeApi.Event;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.FunctionError;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.Invocation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One function run as Lambda's java runtime runs it: its deployment package unzipped into a task root
 * (read-only, as Lambda's, so shared by the processes of one package), a fresh JVM started there with Lambda's JVM options and only the runtime interface client on the
 * class path, which loads the handler from the task root and asks {@link LambdaRuntimeApi} for events; the
 * environment is exactly Lambda's (its reserved variables, the template's, then the caller's). Events are
 * delivered one by one, the first cold, the others warm in the same JVM.
 */
public final class LambdaFunctionProcess implements AutoCloseable {

    /** Unzipped deployment packages, by package build. */
    private static final Map<String, Path> TASK_ROOTS = new HashMap<>();

    /** How long Lambda lets an on-demand function initialize before it gives up on the sandbox. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    /** The function could not be initialized: the runtime posted to {@code /runtime/init/error}, as on Lambda. */
    public static final class InitError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient FunctionError error;

        InitError(String functionName, FunctionError error, String output) {
            super(functionName + " failed to initialize: " + error + "\n--- its output ---\n" + output);
            this.error = error;
        }

        public FunctionError error() {
            return error;
        }
    }

    private final FunctionConfiguration function;
    private final Path workDir;
    private final Path taskRoot;
    private final LambdaRuntimeApi api;
    private final long startedNanos;
    private final Process process;
    private volatile String stoppedBecause;

    private LambdaFunctionProcess(FunctionConfiguration function, Map<String, String> extraEnvironment, Path java)
            throws IOException {
        this.function = function;
        if (!Files.isRegularFile(function.artifact())) {
            throw new IllegalStateException("no " + function.artifact() + ": build it first ('mvn package'; 'mvn verify' "
                    + "runs the packaged-function tests after it)");
        }
        this.workDir = Files.createTempDirectory("payment3-lambda-" + function.logicalId());
        this.taskRoot = taskRootOf(function.artifact());
        this.api = LambdaRuntimeApi.start(functionArn(function.functionName()), function.timeout());
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(RuntimeInterfaceClient.jvmOptions(function.memorySizeMb()));
        command.add("-classpath");
        command.add(RuntimeInterfaceClient.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(RuntimeInterfaceClient.MAIN_CLASS);
        command.add(function.handler());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectOutput(workDir.resolve("stdout.log").toFile())
                .redirectError(workDir.resolve("stderr.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(function, extraEnvironment, java));
        this.startedNanos = System.nanoTime();
        this.process = builder.start();
    }

    /** Starts the function on the JVM running this code. */
    public static LambdaFunctionProcess start(FunctionConfiguration function, Map<String, String> extraEnvironment) {
        return start(function, extraEnvironment, Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * Starts the function's JVM; it initializes while the first event waits, as on Lambda.
     *
     * @param extraEnvironment variables Lambda would not have but a local run needs (local endpoints, KBank's
     *                         keys in place of Secrets Manager); they replace any of the same name
     * @param java             the {@code java} executable to run it with
     */
    public static LambdaFunctionProcess start(FunctionConfiguration function, Map<String, String> extraEnvironment, Path java) {
        try {
            return new LambdaFunctionProcess(function, extraEnvironment, java);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + function.logicalId(), e);
        }
    }

    /** The options the JVM is started with for a function of this memory size (the template's JAVA_TOOL_OPTIONS come on top). */
    public static List<String> jvmOptions(int memorySizeMb) {
        return RuntimeInterfaceClient.jvmOptions(memorySizeMb);
    }

    /** Delivers an event and waits for the answer. */
    public Invocation invoke(String event) {
        return invoke(Event.of(event));
    }

    /**
     * Delivers an event and waits for its answer, or the error the runtime posted instead, for at most the
     * function's timeout (plus Lambda's init limit while the JVM has not yet asked for an event). A timed-out
     * function is stopped, as Lambda stops its sandbox, and the invocation answers Lambda's timeout error.
     *
     * @throws InitError when the runtime reports that the function could not be initialized
     * @throws IllegalStateException when the JVM ended without an answer, or was stopped before
     */
    public Invocation invoke(Event event) {
        if (stoppedBecause != null) {
            throw new IllegalStateException(function.logicalId() + " was stopped: " + stoppedBecause);
        }
        String requestId = UUID.randomUUID().toString();
        long submitted = System.nanoTime();
        CompletableFuture<Invocation> answer = api.submit(requestId, event);
        Duration limit = function.timeout().plus(api.firstNext().isDone() ? Duration.ZERO : INIT_LIMIT);
        try {
            CompletableFuture.anyOf(answer, api.initError(), process.onExit()).get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop("it timed out");
            return new Invocation(requestId, submitted, System.nanoTime(), null, new FunctionError("Sandbox.Timedout",
                    String.format("Task timed out after %.2f seconds", function.timeout().toMillis() / 1000.0), List.of(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + function.logicalId() + " ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        if (answer.isDone()) {
            return answer.join();
        }
        if (api.initError().isDone()) {
            stop("it failed to initialize");
            throw new InitError(function.logicalId(), api.initError().join(), output());
        }
        stoppedBecause = "its JVM exited with code " + process.exitValue();
        throw new IllegalStateException(function.logicalId() + ": " + stoppedBecause + " before answering; its output:\n"
                + output());
    }

    /** Lambda's Init Duration: the JVM's start to the runtime's first request for an event. */
    public Duration initDuration() {
        if (!api.firstNext().isDone()) {
            throw new IllegalStateException(function.logicalId() + " has not finished initializing");
        }
        return Duration.ofNanos(api.firstNext().join() - startedNanos);
    }

    /** The process's peak resident set (VmHWM), in KiB; empty when the process is gone or this is not Linux. */
    public OptionalLong peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc, or the process is gone.
        }
        return OptionalLong.empty();
    }

    /** What the function printed so far: standard output, then standard error. */
    public String output() {
        return read(workDir.resolve("stdout.log")) + read(workDir.resolve("stderr.log"));
    }

    public FunctionConfiguration function() {
        return function;
    }

    public Path taskRoot() {
        return taskRoot;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the JVM and removes its working folder (its logs, its runtime folder); the shared task root stays until exit. */
    @Override
    public void close() {
        stop("it was closed");
        api.close();
        delete(workDir);
    }

    private void stop(String why) {
        if (stoppedBecause == null) {
            stoppedBecause = why;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lambda's environment: the template's variables, then Lambda's reserved ones over them (a function
     * cannot set those), then the caller's. Differences from a Lambda sandbox: paths are this run's, LANG is
     * C.UTF-8 (the same character set; en_US.UTF-8 may not be installed), the AWS keys are placeholders, and
     * there is no telemetry log descriptor, so the runtime logs to standard output.
     */
    private Map<String, String> environment(FunctionConfiguration function, Map<String, String> extra, Path java) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        Path runtimeDir = workDir.resolve("runtime");
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_REGION", TemplateTables.REGION);
        env.put("AWS_DEFAULT_REGION", TemplateTables.REGION);
        // The role's credentials: locally, the access key id names the function, which AwsFront checks as its role.
        env.put("AWS_ACCESS_KEY_ID", function.logicalId());
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("LD_LIBRARY_PATH", String.join(":", runtimeDir.toString(), runtimeDir.resolve("lib").toString(),
                taskRoot.toString(), taskRoot.resolve("lib").toString()));
        env.put("PATH", java.toAbsolutePath().getParent() + ":/usr/local/bin:/usr/bin/:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(extra);
        return env;
    }

    private static String functionArn(String functionName) {
        return "arn:aws:lambda:" + TemplateTables.REGION + ":" + TemplateValues.ACCOUNT_ID + ":function:" + functionName;
    }

    /**
     * The task root of a deployment package: unzipped once per JVM and package build (path, size and time),
     * then shared by every process started from it, as Lambda's task root is read-only; unzipping thousands
     * of class files took seconds each time. The folders are removed when this JVM exits.
     */
    private static Path taskRootOf(Path artifact) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(artifact, BasicFileAttributes.class);
        String key = artifact.toAbsolutePath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
        synchronized (TASK_ROOTS) {
            Path root = TASK_ROOTS.get(key);
            if (root == null || !Files.isDirectory(root)) {
                if (TASK_ROOTS.isEmpty()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> TASK_ROOTS.values().forEach(LambdaFunctionProcess::delete)));
                }
                root = Files.createTempDirectory("payment3-task-");
                unzip(artifact, root);
                TASK_ROOTS.put(key, root);
            }
            return root;
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind.
        }
    }

    /** Unzips a deployment package as Lambda does into its task root: classes at the root, jars under lib/. */
    private static void unzip(Path artifact, Path root) throws IOException {
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(artifact + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
