package com.villamarket.payment3.cardnotify;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** POST /notify: KBank's card notify (charge object and checksum) in, a JSON acknowledgement out. */
public final class CardNotifyHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardNotifyHandler() {
        this(production());
    }

    public CardNotifyHandler(CardNotifyService service) {
        super(service::handle);
    }

    private static CardNotifyService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CardNotifyService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
