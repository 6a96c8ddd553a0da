package com.villamarket.payment3.cardnotify;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /notify: KBank's card notify as an API Gateway proxy event in, JSON out. */
public final class CardNotifyHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public CardNotifyHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public CardNotifyHandler(Components components) {
        super(SuiteFunction.CARD_NOTIFY, components.platform().errorLogger(), CardNotifyService.create(components)::handle);
    }
}
