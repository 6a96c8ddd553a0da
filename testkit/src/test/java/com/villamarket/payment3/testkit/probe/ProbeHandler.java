package com.villamarket.payment3.testkit.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A handler for testing the Lambda harness, packaged into a jar by the tests: the event names an action,
 * the answer reports what the handler sees of its JVM, environment and context. Built, like the suite's
 * handlers, by its no-argument constructor, which requires PROBE_REQUIRED as the suite requires BRANCH.
 */
public final class ProbeHandler implements RequestStreamHandler {

    private static int calls;

    public ProbeHandler() {
        String required = System.getenv("PROBE_REQUIRED");
        if (required == null || required.isBlank()) {
            throw new IllegalStateException("missing required setting PROBE_REQUIRED");
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        calls++;
        if (event.contains("\"throw\"")) {
            throw new IllegalArgumentException("the probe was asked to throw");
        }
        if (event.contains("\"sleep\"")) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, String> seen = new TreeMap<>(System.getenv());
        seen.put("probe.calls", Integer.toString(calls));
        seen.put("probe.pid", Long.toString(ProcessHandle.current().pid()));
        seen.put("probe.userDir", System.getProperty("user.dir"));
        seen.put("probe.toolOption", String.valueOf(System.getProperty("probe.tool.option")));
        seen.put("probe.maxHeapMb", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        seen.put("probe.requestId", context.getAwsRequestId());
        seen.put("probe.functionName", context.getFunctionName());
        seen.put("probe.memoryMb", Integer.toString(context.getMemoryLimitInMB()));
        seen.put("probe.remainingMs", Integer.toString(context.getRemainingTimeInMillis()));
        seen.put("probe.arn", context.getInvokedFunctionArn());
        seen.put("probe.clientCustom", context.getClientContext() == null ? "none"
                : String.valueOf(context.getClientContext().getCustom().get("origin")));
        seen.put("probe.identityId", context.getIdentity() == null ? "none" : String.valueOf(context.getIdentity().getIdentityId()));
        StringBuilder out = new StringBuilder();
        seen.forEach((k, v) -> out.append(k).append('=').append(v.replace("\n", " ")).append('\n'));
        output.write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
