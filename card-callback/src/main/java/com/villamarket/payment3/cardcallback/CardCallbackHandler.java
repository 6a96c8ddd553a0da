package com.villamarket.payment3.cardcallback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** POST /callback: API Gateway proxy event in, HTML page out. */
public final class CardCallbackHandler implements RequestStreamHandler {

    private final CardCallbackService service;

    /** Called by the Lambda runtime once per container. */
    public CardCallbackHandler() {
        this(production());
    }

    public CardCallbackHandler(CardCallbackService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayEvent event = ApiGatewayEvent.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(service.handle(event).toJson().getBytes(StandardCharsets.UTF_8));
    }

    private static CardCallbackService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CardCallbackService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
