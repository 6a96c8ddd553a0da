package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.payment.VerifiedPayment;

/** Tells the shop that an order was paid, or that its payment failed. */
public interface Notifier {

    /** Sends the paid notification; throws when it could not be sent. */
    void paid(VerifiedPayment payment);

    /** Sends the failed-payment notification; throws when it could not be sent. */
    void failed(OrderId orderId, String paymentType, String chargeId, String reason);
}
