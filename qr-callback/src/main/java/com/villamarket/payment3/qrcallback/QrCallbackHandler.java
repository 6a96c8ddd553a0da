package com.villamarket.payment3.qrcallback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** POST /qrcallback: API Gateway proxy event in, HTML page out. */
public final class QrCallbackHandler implements RequestStreamHandler {

    private final QrCallbackService service;

    /** Called by the Lambda runtime once per container. */
    public QrCallbackHandler() {
        this(production());
    }

    public QrCallbackHandler(QrCallbackService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        ApiGatewayResponse response = service.handle(ApiGatewayEvent.parse(raw));
        output.write(response.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private static QrCallbackService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return QrCallbackService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
