package com.villamarket.payment3.processpaid;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Asynchronous invocation in, {@code {"statusCode": 200, "body": "\"success\""}} out; failures are thrown for Lambda's retries. */
public final class ProcessPaidOrderInternalHandler implements RequestStreamHandler {

    private static final byte[] SUCCESS = "{\"statusCode\":200,\"body\":\"\\\"success\\\"\"}".getBytes(StandardCharsets.UTF_8);

    private final ProcessPaidOrderService service;

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderInternalHandler() {
        this(production());
    }

    public ProcessPaidOrderInternalHandler(ProcessPaidOrderService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        service.process(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(SUCCESS);
    }

    private static ProcessPaidOrderService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        Components components = Components.production(aws);
        return ProcessPaidOrderService.create(components, Notifiers.production(components, aws));
    }
}
