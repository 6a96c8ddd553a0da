package com.villamarket.payment3.benchmarks.reference;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The floor: a handler that only answers, so what is left is the JVM and the Lambda runtime themselves. */
public final class FloorHandler implements RequestStreamHandler {

    private static final byte[] ANSWER = "{\"statusCode\":200,\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
