package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import java.time.Clock;
import java.time.Instant;

/**
 * Hands a recorded, confirmed QR charge to ProcessPaidOrderInternal once, whatever the number of
 * callbacks (a claim on the payment record). Used by the QR callback and by reconciliation.
 */
public final class QrHandoff {

    private final QrPaymentRecordRepository payments;
    private final AsyncInvoker invoker;
    private final String processPaidOrderFunction;
    private final Clock clock;

    public QrHandoff(QrPaymentRecordRepository payments, AsyncInvoker invoker, String processPaidOrderFunction, Clock clock) {
        this.payments = payments;
        this.invoker = invoker;
        this.processPaidOrderFunction = processPaidOrderFunction;
        this.clock = clock;
    }

    /**
     * Invokes ProcessPaidOrderInternal for the charge unless it was before.
     *
     * @return true when this call invoked it
     * @throws RuntimeException when the invocation failed; the claim is given back so that a replay retries
     */
    public boolean handOn(ChargeId chargeId, OrderId orderId) {
        Instant now = clock.instant();
        if (!payments.claimInvocation(chargeId, orderId, now)) {
            Log.info("QR charge handed on before", "orderId", orderId, "chargeId", chargeId);
            return false;
        }
        ObjectNode payload = Json.object();
        payload.put("orderId", orderId.value());
        payload.put("paymentType", "qr");
        payload.put("success", true);
        payload.put("chargeId", chargeId.value());
        try {
            invoker.invoke(processPaidOrderFunction, payload);
        } catch (RuntimeException e) {
            payments.releaseInvocation(chargeId, now);
            throw e;
        }
        return true;
    }
}
