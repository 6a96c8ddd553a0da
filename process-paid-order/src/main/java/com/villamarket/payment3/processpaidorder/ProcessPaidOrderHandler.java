package com.villamarket.payment3.processpaidorder;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.AfterPaid;
import com.villamarket.payment3.common.wiring.Components;
import java.util.List;

/**
 * ProcessPaidOrder for card payments: KBank's charge inquiry decides, the order is marked
 * paid once, handed to the shop's Pay function once, notified once, and the card is kept once when
 * the customer asked for it. Invocation payload in, {@code "success"} out; failures are thrown for
 * Lambda's retries and the failure destination.
 */
public final class ProcessPaidOrderHandler extends AsyncHandler {

    /** The card path's after-paid steps, in order. */
    static final List<AfterPaid> AFTER_PAID = List.of(AfterPaid.PAY, AfterPaid.NOTIFY, AfterPaid.SAVE_CARD);

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ProcessPaidOrderHandler(Components components) {
        super(SuiteFunction.PROCESS_PAID_ORDER, components.errorLogger(), raw -> {
            components.paidOrders().process(raw, AFTER_PAID);
            return "\"success\"";
        });
    }
}
