package com.villamarket.payment3.processpaidorderinternal;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.AfterPaid;
import com.villamarket.payment3.common.wiring.Components;
import java.util.List;

/**
 * ProcessPaidOrderInternal: a QR or card payment confirmed with KBank marks its order
 * paid once, is handed to the shop's Pay function once (when one is configured), and the paid
 * notification goes out once. Invocation payload in, {@code "success"} out;
 * failures are thrown for Lambda's retries and the failure destination.
 */
public final class ProcessPaidOrderInternalHandler extends AsyncHandler {

    /** The after-paid steps, in order: the shop's Pay function as ProcessPaidOrder hands it on, then the notification. */
    static final List<AfterPaid> AFTER_PAID = List.of(AfterPaid.PAY, AfterPaid.NOTIFY);

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderInternalHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ProcessPaidOrderInternalHandler(Components components) {
        super(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL, components.errorLogger(), raw -> {
            components.paidOrders().process(raw, AFTER_PAID);
            return "\"success\"";
        });
    }
}
