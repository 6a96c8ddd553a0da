package com.villamarket.payment3.cardcallback;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** POST /callback: API Gateway proxy event in, HTML page out. */
public final class CardCallbackHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardCallbackHandler() {
        this(production());
    }

    public CardCallbackHandler(CardCallbackService service) {
        super(service::handle);
    }

    private static CardCallbackService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CardCallbackService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
