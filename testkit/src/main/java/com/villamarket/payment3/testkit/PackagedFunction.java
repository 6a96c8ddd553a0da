package com.villamarket.payment3.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A function's deployable jar run in a fresh JVM through {@link LocalInvoke}, with only the jar
 * (and LocalInvoke) on the class path and the environment given: what Lambda runs, on loopback.
 */
public final class PackagedFunction {

    /** What one run printed. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private PackagedFunction() {
    }

    /** The module's shaded jar, {@code target/<module>-lambda.jar} under the working directory. */
    public static Path jar(String module) {
        Path jar = Path.of("target", module + "-lambda.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run this test after 'package' (mvn verify does)");
        }
        return jar;
    }

    /** A module's shaded jar found from the repository root, for tests outside that module. */
    public static Path jarOf(String module) {
        Path jar = RepoFiles.root().resolve(module).resolve("target").resolve(module + "-lambda.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run this test after 'package' (mvn verify does)");
        }
        return jar;
    }

    /** Runs the handler once on the event file, with exactly this environment (plus PATH). */
    public static Run invoke(Path jar, String handlerClass, Path eventFile, Map<String, String> env) {
        return invoke(jar, handlerClass, eventFile, env, 0);
    }

    /**
     * Runs the handler once on the event file, then {@code warm} more times in the same JVM, with
     * exactly this environment (plus PATH) and the JVM options of Lambda's Java runtime (C1 only,
     * serial GC).
     */
    public static Run invoke(Path jar, String handlerClass, Path eventFile, Map<String, String> env, int warm) {
        try {
            String self = Path.of(LocalInvoke.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(javaCommand, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xshare:auto", "-cp", jar + java.io.File.pathSeparator + self,
                    LocalInvoke.class.getName(), handlerClass, eventFile.toString(), Integer.toString(warm));
            Map<String, String> processEnv = builder.environment();
            String path = processEnv.get("PATH");
            processEnv.clear();
            if (path != null) {
                processEnv.put("PATH", path);
            }
            processEnv.putAll(env);
            Path out = Files.createTempFile("invoke", ".out");
            Path err = Files.createTempFile("invoke", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the packaged function did not finish in 300 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
