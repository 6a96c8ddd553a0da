package com.villamarket.payment3.processpaidorderinternal;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.AfterPaid;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.wiring.Components;
import java.util.List;

/**
 * ProcessPaidOrderInternal: a QR or card payment confirmed with KBank marks its order paid once, is handed to the
 * shop's Pay function once (when one is configured), and the paid notification goes out once. It keeps no card.
 */
public final class ProcessPaidOrderInternalService {

    /** The after-paid steps, in order: the shop's Pay function as ProcessPaidOrder hands it on, then the notification. */
    static final List<AfterPaid> AFTER_PAID = List.of(AfterPaid.PAY, AfterPaid.NOTIFY);

    private final PaidOrderProcessor processor;

    public ProcessPaidOrderInternalService(PaidOrderProcessor processor) {
        this.processor = processor;
    }

    public static ProcessPaidOrderInternalService create(Components c) {
        return new ProcessPaidOrderInternalService(c.payments().paidOrders());
    }

    /**
     * Processes one invocation payload ({@link com.villamarket.payment3.common.payment.PaidOrderRequest}).
     *
     * @return what became of the order
     * @throws RuntimeException when the payment could not be settled now, for Lambda's retries
     */
    public Outcome process(String rawEvent) {
        return processor.process(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL.stem(), rawEvent, AFTER_PAID);
    }
}
