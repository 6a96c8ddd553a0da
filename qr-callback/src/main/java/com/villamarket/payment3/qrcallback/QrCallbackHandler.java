package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /qrcallback: API Gateway proxy event in, HTML page out. */
public final class QrCallbackHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public QrCallbackHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public QrCallbackHandler(Components components) {
        super(SuiteFunction.QR_CALLBACK, components.platform().errorLogger(), QrCallbackService.create(components)::handle);
        // A paid callback hands its payment on to ProcessPaidOrderInternal: Lambda's client is built in init.
        components.platform().invoker();
    }
}
