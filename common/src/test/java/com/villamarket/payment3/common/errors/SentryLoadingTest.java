package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.LocalSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that succeeds loads no Sentry class, even with a DSN set: the SDK costs a cold start
 * nothing until the first error. Each case runs in a fresh JVM whose class loading is logged.
 */
class SentryLoadingTest {

    private static LocalSuite suite;
    private static SentryStub sentry;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        sentry = new SentryStub();
    }

    @AfterAll
    static void stop() {
        sentry.close();
        suite.close();
    }

    @Test
    void aRequestThatSucceedsLoadsNoSentryClass() throws Exception {
        int reportsBefore = sentry.envelopes().size();
        List<String> loaded = loadedClasses("succeed");
        assertTrue(loaded.stream().anyMatch(c -> c.equals(ErrorLogger.class.getName())),
                "the probe wired the error logger");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("io.sentry.")).toList());
        assertTrue(loaded.stream().noneMatch(c -> c.startsWith(SentryReports.class.getName())));
        assertEquals(reportsBefore, sentry.envelopes().size(), "nothing was sent");
    }

    @Test
    void theFirstErrorLoadsTheSdkAndReachesSentry() throws Exception {
        List<String> loaded = loadedClasses("fail");
        assertTrue(loaded.contains("io.sentry.Sentry"), "the class log shows Sentry when it is used");
        assertTrue(sentry.envelopes().stream().anyMatch(e -> "probe".equals(e.event().path("tags").path("function").asText())));
    }

    /** Runs the probe in a fresh JVM and returns the names of the classes it loaded. */
    private static List<String> loadedClasses(String outcome) throws IOException, InterruptedException {
        Path classLog = Files.createTempFile("probe-classes", ".log");
        Path output = Files.createTempFile("probe", ".out");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info:file=" + classLog,
                "-cp", classPath, SentryProbe.class.getName(), outcome));
        Map<String, String> env = suite.env();
        env.remove("EMAIL_FROM");
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "SENTRY_DSN", sentry.dsn(),
                "SENTRY_FLUSH_TIMEOUT_MS", "5000")); // the most Config allows; flush returns once sent
        env.forEach((name, value) -> command.add(name + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("\"statusCode\":" + ("fail".equals(outcome) ? "500" : "200")), printed);
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
            // [0.012s][info][class,load] io.sentry.Sentry source: file:/…
            int start = line.indexOf("] ", line.indexOf("class,load"));
            if (start > 0) {
                String rest = line.substring(start + 2);
                classes.add(rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest);
            }
        }
        return classes;
    }
}
