package com.villamarket.payment3.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lambda's Java runtime as it starts a function: the runtime interface client's jars (found on this JVM's
 * class path, where testkit's dependency on them puts them), its native Runtime API client, and the JVM
 * options of Lambda's java bootstrap.
 */
final class RuntimeInterfaceClient {

    /** The runtime's main class; its one argument is the handler string. */
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** The system property that names the native library, which Lambda's bootstrap sets. */
    private static final String NATIVE_LIBRARY_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static Path nativeLibrary;

    private RuntimeInterfaceClient() {
    }

    /**
     * aws-lambda-java-core, the runtime interface client and aws-lambda-java-serialization, in Lambda's order, and
     * the SDK's utils-lite, which the client declares (2.10.1 keeps the X-Ray trace id per thread with it).
     */
    static List<Path> classPath() {
        return List.of(jarOf("com.amazonaws.services.lambda.runtime.Context"), jarOf(MAIN_CLASS),
                jarOf("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer"),
                jarOf("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"));
    }

    /**
     * The options Lambda's java17/java21 bootstrap passes, in its order, but for two it cannot have here: the
     * Log4Shell hot-patch agent ({@code -javaagent:/var/runtime/lib/Log4jHotPatch.jar}), which is not published,
     * and Lambda's own class-data archive ({@code -Xshare:on -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa}),
     * for which the JDK's default archive stands in ({@code -Xshare:auto}). Last comes what Lambda sets with
     * the sandbox itself rather than an option: the memory the JVM sees ({@code -XX:MaxRAM}), the function's.
     */
    static List<String> jvmOptions(int memorySizeMb) {
        List<String> options = new ArrayList<>();
        // 85% of the function's memory, as Lambda sets it (445645k at 512 MB).
        options.add("-XX:MaxHeapSize=" + Math.round(memorySizeMb * 1024 * 0.85) + "k");
        options.add("-XX:+UseSerialGC");
        options.add("-Xshare:auto");
        options.add("-XX:+TieredCompilation");
        options.add("-XX:TieredStopAtLevel=1");
        options.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        options.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        options.add("-XX:+ErrorFileToStderr");
        options.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary());
        // The JVM sizes its first heap at 1/64 of the memory it sees: 16 MB in a 1,024 MB sandbox, hundreds of MB
        // on a machine of many GB, whose young generation would then fill before any collection and swell the RSS.
        options.add("-XX:MaxRAM=" + memorySizeMb + "m");
        return options;
    }

    /**
     * The client's native library for this machine, taken out of its jar once per JVM. Named by the same
     * property as on Lambda, so that runtimes started at once do not overwrite each other's copy in
     * {@code /tmp}, as they would if each unpacked its own.
     */
    static synchronized Path nativeLibrary() {
        if (nativeLibrary != null) {
            return nativeLibrary;
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String name = "libaws-lambda-jni.linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64") + ".so";
        try (InputStream in = Class.forName(MAIN_CLASS, false, RuntimeInterfaceClient.class.getClassLoader())
                .getResourceAsStream("/jni/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the runtime interface client has no " + name);
            }
            Path dir = Files.createTempDirectory("payment3-lambda-jni");
            // Deleted at exit in the reverse order: the library, then its folder.
            dir.toFile().deleteOnExit();
            Path library = dir.resolve(name);
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            library.toFile().deleteOnExit();
            nativeLibrary = library;
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the runtime interface client is not on the class path", e);
        }
    }

    private static Path jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, RuntimeInterfaceClient.class.getClassLoader());
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(className + " comes from " + jar + ", not from a jar");
            }
            return jar;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path (testkit depends on the runtime "
                    + "interface client)", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
