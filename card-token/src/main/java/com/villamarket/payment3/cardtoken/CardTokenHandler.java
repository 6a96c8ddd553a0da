package com.villamarket.payment3.cardtoken;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** POST /cardpayment: API Gateway proxy event in, HTML page out. */
public final class CardTokenHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardTokenHandler() {
        this(production());
    }

    public CardTokenHandler(CardTokenService service) {
        super(service::handle);
    }

    private static CardTokenService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CardTokenService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
