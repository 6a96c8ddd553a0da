package com.villamarket.payment3.cardcallback;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.RequestFields;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * KBank's card callback after 3-D Secure, posted by the customer's browser: {@code objectId} (or
 * {@code id}), {@code token}, {@code status}, {@code saveCard}, {@code message}. Nothing in it is
 * trusted: the record is found by the charge, and KBank's inquiry decides.
 *
 * @param token  null when not sent
 * @param status the browser's word, recorded only; null when not sent
 */
record CardCallback(ChargeId chargeId, CardToken token, String status) {

    private static final Pattern STATUS = Pattern.compile("[A-Za-z_]{0,20}");

    /** Reads the body (form or JSON); throws {@link PaymentRejectedException} (MALFORMED) naming the problem. */
    static CardCallback parse(ApiGatewayEvent event) {
        try {
            Map<String, String> fields = RequestFields.parse(event.bodyText());
            String charge = fields.get("objectId") != null ? fields.get("objectId") : fields.get("id");
            if (charge == null || charge.isEmpty()) {
                throw new IllegalArgumentException("objectId is missing");
            }
            String tokenText = fields.get("token");
            CardToken token = tokenText == null || tokenText.isEmpty() ? null : CardToken.parse(tokenText, "token");
            String status = fields.get("status");
            if (status != null && !STATUS.matcher(status).matches()) {
                throw new IllegalArgumentException("status is not a status word");
            }
            ChargeId chargeId;
            try {
                chargeId = ChargeId.parse(charge);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("objectId is not a KBank charge id");
            }
            return new CardCallback(chargeId, token, status);
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    /** The fields as the error and pending pages show them. */
    Map<String, String> shown() {
        return Map.of("charge id", chargeId.value());
    }
}
