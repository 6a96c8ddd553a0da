package com.villamarket.payment3.processpaidcard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Asynchronous invocation in, {@code {"statusCode": 200, ...}} out; failures are thrown for Lambda's retries. */
public final class ProcessPaidCardOrderHandler implements RequestStreamHandler {

    private static final byte[] SUCCESS = "{\"statusCode\":200,\"body\":\"\\\"success\\\"\"}".getBytes(StandardCharsets.UTF_8);

    private final ProcessPaidCardOrderService service;

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidCardOrderHandler() {
        this(production());
    }

    public ProcessPaidCardOrderHandler(ProcessPaidCardOrderService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        service.process(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(SUCCESS);
    }

    private static ProcessPaidCardOrderService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        Components components = Components.production(aws);
        return ProcessPaidCardOrderService.create(components, LambdaAsyncInvoker.create(aws),
                Notifiers.production(components, aws));
    }
}
