package com.villamarket.payment3.kbankcard;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/** kbank-add-card: invocation payload in, KBank's customer id out; failures thrown for Lambda's retries. */
public final class AddCardHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public AddCardHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public AddCardHandler(Components components) {
        super(SuiteFunction.KBANK_ADD_CARD, components.platform().errorLogger(), AddCardService.create(components)::process);
    }
}
