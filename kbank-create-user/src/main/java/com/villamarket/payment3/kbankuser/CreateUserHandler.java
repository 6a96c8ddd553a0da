package com.villamarket.payment3.kbankuser;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Asynchronous invocation in, outcome out; failures are thrown for Lambda's retries and failure destination. */
public final class CreateUserHandler implements RequestStreamHandler {

    private final CreateUserService service;

    /** Called by the Lambda runtime once per container. */
    public CreateUserHandler() {
        this(production());
    }

    public CreateUserHandler(CreateUserService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        try {
            CreateUserService.Outcome outcome = service.process(raw);
            output.write(Json.write(Json.object().put("statusCode", 200).put("body", outcome.name()))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            Log.error("keeping the card failed; Lambda will retry, then the failure destination holds the event", e,
                    "event", raw);
            throw e;
        }
    }

    private static CreateUserService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CreateUserService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
