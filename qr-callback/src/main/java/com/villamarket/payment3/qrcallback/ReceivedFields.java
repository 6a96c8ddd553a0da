package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callback's fields as received, read leniently, for the callback record and the error page;
 * each value cut to {@value #MAX_CHARS} characters. Ids that are not of a valid shape are kept
 * out of key attributes.
 */
record ReceivedFields(String orderId, String status, String amount, String chargeId) {

    static final int MAX_CHARS = 200;

    /** @param form the body's fields, or null when the body could not be read as a form */
    static ReceivedFields of(Map<String, String> form) {
        if (form == null) {
            return new ReceivedFields(null, null, null, null);
        }
        return new ReceivedFields(cut(form.get("orderId")), cut(form.get("status")), cut(form.get("amount")),
                cut(form.get("chargeId")));
    }

    /**
     * The order id to key the callback record with: the one received if valid, else the spread key of
     * callbacks with none ({@link QrCallbackRecord#noOrderKey}).
     */
    ReceivedId recordOrderId(Instant at, String requestId, String rawEvent) {
        try {
            return ReceivedId.of(OrderId.parse(orderId));
        } catch (IllegalArgumentException e) {
            return ReceivedId.of(QrCallbackRecord.noOrderKey(at, requestId, rawEvent));
        }
    }

    /** The charge id for the chargeId index: the one received if valid, else null. */
    ReceivedId recordChargeId() {
        try {
            return ReceivedId.of(ChargeId.parse(chargeId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The fields as the error page shows them, labelled as the Python stack's page labels them. */
    Map<String, String> forPage() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("order id", orderId);
        fields.put("status", status);
        fields.put("amount", amount);
        fields.put("charge id", chargeId);
        return fields;
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_CHARS ? value : value.substring(0, MAX_CHARS) + "…";
    }
}
