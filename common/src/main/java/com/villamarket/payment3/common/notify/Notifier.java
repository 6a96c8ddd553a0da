package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.PaymentType;

/** Tells the shop that an order was paid, or that its payment failed. */
public interface Notifier {

    /** Sends the paid notification; throws when it could not be sent. */
    void paid(VerifiedPayment payment);

    /** Sends the failed-payment notification of the charge {@code chargeId}; throws when it could not be sent. */
    void failed(OrderId orderId, PaymentType paymentType, ChargeId chargeId, String reason);
}
