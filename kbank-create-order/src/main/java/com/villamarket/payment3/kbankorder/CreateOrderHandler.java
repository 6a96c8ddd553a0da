package com.villamarket.payment3.kbankorder;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /kbank/order: API Gateway proxy event (with the Cognito claims) in, KBank's order or an error out. */
public final class CreateOrderHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CreateOrderHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public CreateOrderHandler(Components components) {
        super(SuiteFunction.KBANK_CREATE_ORDER, components.platform().errorLogger(), CreateOrderService.create(components)::handle);
    }
}
