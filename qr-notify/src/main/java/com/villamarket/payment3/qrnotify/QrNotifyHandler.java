package com.villamarket.payment3.qrnotify;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.wiring.Components;

/** POST /qr/payment-callback: KBank's QR notification as an API Gateway proxy event in, JSON out. */
public final class QrNotifyHandler extends ApiHandler {

    /** Called by the Lambda runtime once per container. */
    public QrNotifyHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public QrNotifyHandler(Components components) {
        super(SuiteFunction.QR_NOTIFY, components.platform().errorLogger(), QrNotifyService.create(components)::handle);
    }
}
