package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack of the packaged ITs: a {@link LocalSuite} and the Lambda Invoke API stub that the functions'
 * invocations reach, with each function's deployable jar run by Lambda's java runtime interface client as
 * template.yaml configures it onto the suite ({@link LambdaFunctionProcess}). Closing the stack stops every
 * function it started, then the stub and the suite.
 */
public final class PackagedStack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalSuite suite;
    private final LambdaApiStub lambda;
    private final List<LambdaFunctionProcess> started = new ArrayList<>();

    private PackagedStack(LocalSuite suite, LambdaApiStub lambda) {
        this.suite = suite;
        this.lambda = lambda;
    }

    /** A new local suite and Lambda Invoke stub. */
    public static PackagedStack start() {
        LocalSuite suite = LocalSuite.start();
        try {
            return new PackagedStack(suite, LambdaApiStub.start());
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    public LocalSuite suite() {
        return suite;
    }

    /** The Invoke API the packaged functions call: what they invoked, and answers to give. */
    public LambdaApiStub lambda() {
        return lambda;
    }

    /** A function of template.yaml (logical id, module or name) started as Lambda starts it; stopped with the stack. */
    public LambdaFunctionProcess start(String function) {
        return started(suite.startFunction(function, lambda));
    }

    /** A function started with a configuration other than the template's (a variable changed); stopped with the stack. */
    public LambdaFunctionProcess start(FunctionConfiguration configuration) {
        return started(LambdaFunctionProcess.start(configuration, suite.lambdaEnvironment(lambda)));
    }

    /** The template's configuration of a function onto this stack, to change before {@link #start(FunctionConfiguration)}. */
    public FunctionConfiguration configuration(String function) {
        return TemplateTables.load().configuration(function, suite.templateParameters());
    }

    /** A fresh process of the function answers one event, then stops: its answer, as JSON. */
    public JsonNode answer(String function, String event) {
        try (LambdaFunctionProcess process = suite.startFunction(function, lambda)) {
            return answer(process, event);
        }
    }

    /** {@link #answer(String, String)} to a repository file's event, for example {@code events/qr-notify/failed.json}. */
    public JsonNode answerToFile(String function, String eventFile) {
        return answer(function, RepoFiles.read(eventFile));
    }

    /**
     * A running function's answer to one event, as JSON.
     *
     * @throws IllegalStateException when the function threw to the runtime instead of answering
     */
    public static JsonNode answer(LambdaFunctionProcess function, String event) {
        return parse(function.invoke(event).responseOrThrow());
    }

    /** The {@code body} of an answer (an API Gateway answer, or an asynchronous function's), read as JSON. */
    public static JsonNode body(JsonNode answer) {
        return parse(answer.path("body").asText());
    }

    private LambdaFunctionProcess started(LambdaFunctionProcess process) {
        started.add(process);
        return process;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            try {
                lambda.close();
            } finally {
                suite.close();
            }
        }
    }
}
