package com.villamarket.payment3.qrnotify;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** POST /qr/payment-callback: KBank's QR payment notification in, seed 004's return out. */
public final class QrNotifyHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public QrNotifyHandler() {
        this(production());
    }

    public QrNotifyHandler(QrNotifyService service) {
        super(service::handle);
    }

    private static QrNotifyService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return QrNotifyService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
