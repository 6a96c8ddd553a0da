package com.villamarket.payment3.processpaidorder;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/**
 * ProcessPaidOrder for card payments ({@link ProcessPaidOrderService}): invocation payload in, {@code "success"} out;
 * failures are thrown for Lambda's retries and the failure destination.
 */
public final class ProcessPaidOrderHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ProcessPaidOrderHandler(Components components) {
        this(components, ProcessPaidOrderService.create(components));
    }

    private ProcessPaidOrderHandler(Components components, ProcessPaidOrderService service) {
        super(SuiteFunction.PROCESS_PAID_ORDER, components.platform().errorLogger(), raw -> {
            service.process(raw);
            return "\"success\"";
        });
    }
}
