package com.villamarket.payment3.kbankcard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Asynchronous invocation in, KBank's customer id out; failures are thrown for Lambda's retries. */
public final class AddCardHandler implements RequestStreamHandler {

    private final AddCardService service;

    /** Called by the Lambda runtime once per container. */
    public AddCardHandler() {
        this(AddCardService.create(Components.production(new AwsClients(Config.fromEnvironment()))));
    }

    public AddCardHandler(AddCardService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        try {
            String customer = service.process(raw);
            output.write(Json.write(Json.object().put("statusCode", 200).put("body", customer))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            Log.error("adding the card failed; Lambda will retry, then the failure destination holds the event", e,
                    "event", raw);
            throw e;
        }
    }
}
