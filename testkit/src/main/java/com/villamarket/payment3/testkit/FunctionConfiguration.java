package com.villamarket.payment3.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function as Lambda would configure it from template.yaml: its artifact, handler string, timeout,
 * memory size and the environment variables the template gives it, intrinsics resolved.
 *
 * @param logicalId    the template's logical id, {@code QRCallbackFunction}
 * @param functionName the deployed name, {@code payment3-qrcallback-dev}
 * @param artifact     the deployment package ({@code CodeUri}), absolute
 * @param handler      the handler string as Lambda gets it, {@code a.b.Handler::handleRequest}
 * @param runtime      Lambda's runtime identifier, {@code java21}
 * @param environment  the template's variables only (Globals merged with the function's own); Lambda's own
 *                     variables are added when the function is started
 */
public record FunctionConfiguration(String logicalId, String functionName, Path artifact, String handler,
        String runtime, Duration timeout, int memorySizeMb, Map<String, String> environment) {

    public FunctionConfiguration {
        environment = Map.copyOf(environment);
    }

    /** The same configuration with another deployment package and handler (a reference function beside ours). */
    public FunctionConfiguration withCode(String newLogicalId, String newFunctionName, Path newArtifact, String newHandler) {
        return new FunctionConfiguration(newLogicalId, newFunctionName, newArtifact, newHandler, runtime, timeout, memorySizeMb,
                environment);
    }

    /** The same configuration with some variables added or replaced, as a template change would. */
    public FunctionConfiguration withEnvironment(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(changes);
        return new FunctionConfiguration(logicalId, functionName, artifact, handler, runtime, timeout, memorySizeMb, merged);
    }
}
