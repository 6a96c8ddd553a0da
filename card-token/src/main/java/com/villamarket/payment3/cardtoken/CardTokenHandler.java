package com.villamarket.payment3.cardtoken;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /cardpayment: API Gateway proxy event in, HTML page out. */
public final class CardTokenHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardTokenHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public CardTokenHandler(Components components) {
        super(SuiteFunction.CARD_TOKEN, components.platform().errorLogger(), CardTokenService.create(components)::handle);
    }
}
