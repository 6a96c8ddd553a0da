package com.villamarket.payment3.processpaidorderinternal;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/**
 * ProcessPaidOrderInternal ({@link ProcessPaidOrderInternalService}): invocation payload in, {@code "success"} out;
 * failures are thrown for Lambda's retries and the failure destination.
 */
public final class ProcessPaidOrderInternalHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderInternalHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ProcessPaidOrderInternalHandler(Components components) {
        this(components, ProcessPaidOrderInternalService.create(components));
    }

    private ProcessPaidOrderInternalHandler(Components components, ProcessPaidOrderInternalService service) {
        super(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL, components.platform().errorLogger(), raw -> {
            service.process(raw);
            return "\"success\"";
        });
    }
}
