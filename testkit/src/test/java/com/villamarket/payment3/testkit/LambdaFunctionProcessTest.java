package com.villamarket.payment3.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.LambdaRuntimeApi.Event;
import com.villamarket.payment3.testkit.LambdaRuntimeApi.Invocation;
import com.villamarket.payment3.testkit.probe.ProbeHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a tiny handler's jar run through the runtime interface client, as Lambda runs it. */
class LambdaFunctionProcessTest {

    private static final String TEMPLATE = """
            Parameters:
              Branch:
                Type: String
                Default: dev
              Greeting:
                Type: String
            Globals:
              Function:
                Runtime: java21
                MemorySize: 256
                Timeout: 3
                Environment:
                  Variables:
                    BRANCH: !Ref Branch
                    SHARED: global
                    OVERRIDDEN: global
                    EMPTY: ""
                    JAVA_TOOL_OPTIONS: "-Dprobe.tool.option=honoured"
            Resources:
              ProbeFunction:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: !Sub probe-${Branch}
                  CodeUri: build/probe.jar
                  Handler: com.villamarket.payment3.testkit.probe.ProbeHandler::handleRequest
                  Timeout: 5
                  Environment:
                    Variables:
                      OVERRIDDEN: function
                      GREETING: !Ref Greeting
                      TABLE: !Ref ProbeTable
                      PROBE_REQUIRED: "yes"
              ProbeTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Sub probe-table-${Branch}
            """;

    @TempDir
    static Path dir;

    private static FunctionConfiguration probe;

    @BeforeAll
    static void packageTheProbe() throws Exception {
        Path classes = Path.of(ProbeHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.createDirectories(dir.resolve("build")).resolve("probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes.resolve("com/villamarket/payment3/testkit/probe"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        probe = TemplateTables.parse(TEMPLATE, dir).configuration("ProbeFunction", Map.of("Branch", "t1", "Greeting", "hello"));
    }

    private static Map<String, String> seen(Invocation invocation) {
        Map<String, String> seen = new HashMap<>();
        invocation.responseOrThrow().lines().forEach(l -> seen.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return seen;
    }

    @Test
    void readsTheFunctionsConfigurationFromTheTemplate() {
        assertEquals("ProbeFunction", probe.logicalId());
        assertEquals("probe-t1", probe.functionName());
        assertEquals(dir.resolve("build/probe.jar"), probe.artifact());
        assertEquals("java21", probe.runtime());
        assertEquals(Duration.ofSeconds(5), probe.timeout());
        assertEquals(256, probe.memorySizeMb());
        assertEquals(Map.of("BRANCH", "t1", "SHARED", "global", "OVERRIDDEN", "function", "EMPTY", "", "GREETING", "hello",
                "TABLE", "probe-table-t1", "PROBE_REQUIRED", "yes", "JAVA_TOOL_OPTIONS", "-Dprobe.tool.option=honoured"),
                probe.environment());
    }

    @Test
    void refusesAParameterTheTemplateDoesNotDeclareOrOneWithNoValue() {
        TemplateTables template = TemplateTables.parse(TEMPLATE, dir);
        assertThrows(IllegalArgumentException.class, () -> template.configuration("ProbeFunction", Map.of("Greting", "x")));
        assertThrows(IllegalArgumentException.class, () -> template.configuration("ProbeFunction", Map.of()));
    }

    @Test
    void readsTheRepositorysTemplateAsSamWouldDeployIt() {
        FunctionConfiguration qr = TemplateTables.load().configuration("qr-callback", Map.of("Branch", "feature-x"));
        assertEquals("QRCallbackFunction", qr.logicalId());
        assertEquals("payment3-qrcallback-feature-x", qr.functionName());
        assertEquals(RepoFiles.root().resolve("qr-callback/target/qr-callback-lambda.jar"), qr.artifact());
        assertEquals("com.villamarket.payment3.qrcallback.QrCallbackHandler::handleRequest", qr.handler());
        assertEquals(1024, qr.memorySizeMb());
        assertEquals(Duration.ofSeconds(30), qr.timeout());
        assertEquals("feature-x", qr.environment().get("BRANCH"));
        assertEquals("order-table-dev", qr.environment().get("ORDER_TABLE_NAME"));
        assertTrue(qr.environment().get("JAVA_TOOL_OPTIONS").contains("TieredStopAtLevel=1"));
        FunctionConfiguration reconcile = TemplateTables.load().configuration("ReconcileFunction", Map.of());
        assertEquals(512, reconcile.memorySizeMb(), "Globals' memory size");
        assertEquals(Duration.ofSeconds(300), reconcile.timeout());
    }

    @Test
    void answersTheFirstEventColdAndTheNextOnesWarmInTheSameJvm() {
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(probe, Map.of())) {
            Invocation cold = function.invoke("{}");
            Invocation warm = function.invoke("{}");

            Map<String, String> first = seen(cold);
            Map<String, String> second = seen(warm);
            assertEquals("1", first.get("probe.calls"));
            assertEquals("2", second.get("probe.calls"));
            assertEquals(first.get("probe.pid"), second.get("probe.pid"));
            assertEquals(Long.toString(function.pid()), first.get("probe.pid"));
            assertTrue(function.initDuration().toNanos() > 0);
            assertTrue(cold.duration().toNanos() > 0);
            assertNotEquals(cold.requestId(), warm.requestId());
            assertTrue(function.peakRssKb().orElseThrow() > 10_000, "VmHWM of a running JVM");
        }
    }

    @Test
    void givesTheHandlerLambdasEnvironmentAndContextAndNothingOfThisJvms() {
        Event event = new Event("{}".getBytes(StandardCharsets.UTF_8),
                "{\"client\":{},\"custom\":{\"origin\":\"test\"},\"env\":{}}", "{\"cognitoIdentityId\":\"ap-southeast-1:abc\"}");
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(probe, Map.of("EXTRA", "given"))) {
            Invocation invocation = function.invoke(event);
            Map<String, String> seen = seen(invocation);

            assertEquals(probe.handler(), seen.get("_HANDLER"));
            assertEquals("probe-t1", seen.get("AWS_LAMBDA_FUNCTION_NAME"));
            assertEquals("256", seen.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
            assertEquals("$LATEST", seen.get("AWS_LAMBDA_FUNCTION_VERSION"));
            assertEquals("AWS_Lambda_java21", seen.get("AWS_EXECUTION_ENV"));
            assertEquals("/aws/lambda/probe-t1", seen.get("AWS_LAMBDA_LOG_GROUP_NAME"));
            assertEquals("ap-southeast-1", seen.get("AWS_REGION"));
            assertEquals(function.taskRoot().toString(), seen.get("LAMBDA_TASK_ROOT"));
            assertEquals(function.taskRoot().toString(), seen.get("probe.userDir"), "the task root is the working directory");
            assertEquals("function", seen.get("OVERRIDDEN"));
            assertEquals("global", seen.get("SHARED"));
            assertEquals("", seen.get("EMPTY"));
            assertEquals("given", seen.get("EXTRA"));
            assertEquals("honoured", seen.get("probe.toolOption"), "JAVA_TOOL_OPTIONS");
            assertNull(seen.get("HOME"), "nothing of the test JVM's environment");
            long maxHeap = Long.parseLong(seen.get("probe.maxHeapMb"));
            assertTrue(maxHeap > 180 && maxHeap <= 218, "85% of 256 MB, got " + maxHeap);
            assertEquals(invocation.requestId(), seen.get("probe.requestId"));
            assertEquals("probe-t1", seen.get("probe.functionName"));
            assertEquals("256", seen.get("probe.memoryMb"));
            int remaining = Integer.parseInt(seen.get("probe.remainingMs"));
            assertTrue(remaining > 0 && remaining <= 5000, "deadline from the 5 s timeout, got " + remaining);
            assertEquals("arn:aws:lambda:ap-southeast-1:000000000000:function:probe-t1", seen.get("probe.arn"));
            assertEquals("test", seen.get("probe.clientCustom"));
            assertEquals("ap-southeast-1:abc", seen.get("probe.identityId"));
        }
    }

    @Test
    void reportsWhatTheHandlerThrowsAsAnInvocationErrorAndStaysUp() {
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(probe, Map.of())) {
            Invocation failed = function.invoke("{\"action\": \"throw\"}");

            assertTrue(failed.failed());
            assertEquals("java.lang.IllegalArgumentException", failed.error().errorType());
            assertEquals("the probe was asked to throw", failed.error().errorMessage());
            assertEquals("Runtime.UserException", failed.error().runtimeErrorType());
            assertTrue(failed.error().stackTrace().get(0).contains("ProbeHandler.handleRequest"), failed.error().toString());
            assertThrows(IllegalStateException.class, failed::responseOrThrow);
            assertEquals("2", seen(function.invoke("{}")).get("probe.calls"), "the same JVM goes on");
        }
    }

    @Test
    void aRequiredVariableLeftEmptyFailsInitializationAsOnLambda() {
        FunctionConfiguration broken = probe.withEnvironment(Map.of("PROBE_REQUIRED", ""));
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(broken, Map.of())) {
            LambdaFunctionProcess.InitError error = assertThrows(LambdaFunctionProcess.InitError.class, () -> function.invoke("{}"));

            assertEquals("java.lang.IllegalStateException", error.error().errorType());
            assertEquals("missing required setting PROBE_REQUIRED", error.error().errorMessage());
            assertEquals("Runtime.BadFunctionCode", error.error().runtimeErrorType());
            assertTrue(error.getMessage().contains("missing required setting PROBE_REQUIRED"));
            assertFalse(function.isAlive(), "the runtime exits after reporting it");
        }
    }

    @Test
    void aHandlerClassMissingFromThePackageFailsTheFirstEventAsOnLambda() {
        FunctionConfiguration missing = probe.withCode("Missing", "probe-missing", probe.artifact(),
                "com.villamarket.payment3.testkit.probe.Missing::handleRequest");
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(missing, Map.of())) {
            Invocation failed = function.invoke("{}");

            // The runtime interface client loads the class before its first GET /next, but reports a class it
            // cannot find on the first event, not as an init error.
            assertEquals("java.lang.ClassNotFoundException", failed.error().errorType());
            assertEquals("Class not found: com.villamarket.payment3.testkit.probe.Missing", failed.error().errorMessage());
            assertEquals("Runtime.BadFunctionCode", failed.error().runtimeErrorType());
        }
    }

    @Test
    void aHandlerStringNamingNoMethodFailsTheFirstEventAsOnLambda() {
        FunctionConfiguration wrong = probe.withCode("Wrong", "probe-wrong", probe.artifact(),
                "com.villamarket.payment3.testkit.probe.ProbeHandler::handle");
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(wrong, Map.of())) {
            Invocation failed = function.invoke("{}");

            assertTrue(failed.failed());
            assertTrue(failed.error().errorMessage().startsWith("No public method named handle "), failed.error().toString());
            assertEquals("Runtime.BadFunctionCode", failed.error().runtimeErrorType());
        }
    }

    @Test
    void stopsAFunctionThatRunsPastItsTimeout() {
        FunctionConfiguration quick = new FunctionConfiguration(probe.logicalId(), probe.functionName(), probe.artifact(),
                probe.handler(), probe.runtime(), Duration.ofSeconds(1), probe.memorySizeMb(), probe.environment());
        try (LambdaFunctionProcess function = LambdaFunctionProcess.start(quick, Map.of())) {
            function.invoke("{}");
            Invocation slow = function.invoke("{\"action\": \"sleep\"}");

            assertEquals("Sandbox.Timedout", slow.error().errorType());
            assertEquals("Task timed out after 1.00 seconds", slow.error().errorMessage());
            assertFalse(function.isAlive());
            assertThrows(IllegalStateException.class, () -> function.invoke("{}"));
        }
    }

    @Test
    void closingStopsTheJvmAndThePackageIsUnzippedOnceForEveryProcessOfIt() {
        LambdaFunctionProcess function = LambdaFunctionProcess.start(probe, Map.of());
        function.invoke("{}");
        Path root = function.taskRoot();
        assertTrue(Files.exists(root.resolve("com/villamarket/payment3/testkit/probe/ProbeHandler.class")),
                "the package unzipped into the task root");

        function.close();

        assertFalse(function.isAlive());
        try (LambdaFunctionProcess again = LambdaFunctionProcess.start(probe, Map.of())) {
            assertEquals(root, again.taskRoot(), "read-only, as on Lambda: one task root per package");
            assertFalse(again.invoke("{}").failed(), "it runs from the shared task root");
        }
    }

    @Test
    void listsLambdasJvmOptionsForTheMemorySize() {
        List<String> options = LambdaFunctionProcess.jvmOptions(512);
        assertEquals("-XX:MaxHeapSize=445645k", options.get(0));
        assertTrue(options.containsAll(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1")));
    }
}
