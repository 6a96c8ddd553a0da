package com.villamarket.payment3.kbankorder;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /kbank/order: API Gateway proxy event (with Cognito claims) in, KBank's order object out. */
public final class CreateOrderHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CreateOrderHandler() {
        this(CreateOrderService.create(Components.production(new AwsClients(Config.fromEnvironment()))));
    }

    public CreateOrderHandler(CreateOrderService service) {
        super(service::handle);
    }
}
