package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.pynamo.PynamoFormats;
import java.time.Instant;

/** The {@code payment} object written into an order's data when it is paid (the payment header the Python stack writes). */
public final class PaymentHeader {

    private PaymentHeader() {
    }

    /** The header of a verified payment: {@code isPaid}, {@code paymentId}, {@code paymentMethod}, {@code totalPaid}, {@code paidAt}. */
    public static ObjectNode paid(VerifiedPayment payment, Instant at) {
        ObjectNode header = Json.object();
        header.put("isPaid", true);
        header.put("paymentId", payment.chargeId().value());
        header.put("chargeId", payment.chargeId().value());
        header.put("paymentMethod", payment.paymentMethod());
        header.put("totalPaid", payment.paidAmount().amount());
        header.put("paidAt", PynamoFormats.dateTime(at));
        return header;
    }
}
