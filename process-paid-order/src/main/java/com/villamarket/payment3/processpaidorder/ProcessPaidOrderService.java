package com.villamarket.payment3.processpaidorder;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.AfterPaid;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.wiring.Components;
import java.util.List;

/**
 * ProcessPaidOrder for card payments: KBank's charge inquiry decides, the order is marked paid once, handed to the
 * shop's Pay function once, notified once, and the card is kept once when the customer asked for it.
 */
public final class ProcessPaidOrderService {

    /** The card path's after-paid steps, in order. */
    static final List<AfterPaid> AFTER_PAID = List.of(AfterPaid.PAY, AfterPaid.NOTIFY, AfterPaid.SAVE_CARD);

    private final PaidOrderProcessor processor;

    public ProcessPaidOrderService(PaidOrderProcessor processor) {
        this.processor = processor;
    }

    public static ProcessPaidOrderService create(Components c) {
        return new ProcessPaidOrderService(c.payments().paidOrders());
    }

    /**
     * Processes one invocation payload ({@link com.villamarket.payment3.common.payment.PaidOrderRequest}).
     *
     * @return what became of the order
     * @throws RuntimeException when the payment could not be settled now, for Lambda's retries
     */
    public Outcome process(String rawEvent) {
        return processor.process(SuiteFunction.PROCESS_PAID_ORDER.stem(), rawEvent, AFTER_PAID);
    }
}
