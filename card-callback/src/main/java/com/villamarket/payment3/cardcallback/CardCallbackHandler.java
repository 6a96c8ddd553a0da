package com.villamarket.payment3.cardcallback;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /callback: API Gateway proxy event in, HTML page out. */
public final class CardCallbackHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardCallbackHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public CardCallbackHandler(Components components) {
        super(SuiteFunction.CARD_CALLBACK, components.platform().errorLogger(), CardCallbackService.create(components)::handle);
    }
}
