package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** POST /qrcallback: API Gateway proxy event in, HTML page out. */
public final class QrCallbackHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public QrCallbackHandler() {
        this(production());
    }

    public QrCallbackHandler(QrCallbackService service) {
        super(service::handle);
    }

    private static QrCallbackService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return QrCallbackService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
