package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import java.util.Map;

/**
 * A QR callback's form ({@code orderId}, {@code status}, {@code amount}, {@code chargeId}), checked.
 * The {@code status} is the browser's word only: what counts is KBank's inquiry.
 */
record QrCallback(OrderId orderId, String status, Money amount, ChargeId chargeId) {

    /**
     * Checks the form's fields; throws {@link PaymentRejectedException} (MALFORMED) naming the first problem.
     *
     * @param form the body's fields, or null when the body could not be read as a form
     * @param formError why it could not; null when it could
     */
    static QrCallback of(Map<String, String> form, IllegalArgumentException formError) {
        if (form == null) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, formError.getMessage());
        }
        try {
            String status = form.get("status");
            if (status == null || status.isEmpty()) {
                throw new IllegalArgumentException("status is missing");
            }
            if (!status.matches("[A-Za-z_]{1,20}")) {
                throw new IllegalArgumentException("status is not a status word");
            }
            return new QrCallback(OrderId.parse(form.get("orderId")), status, Money.parse(form.get("amount")),
                    ChargeId.parse(form.get("chargeId")));
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }
}
