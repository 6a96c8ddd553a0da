package com.villamarket.payment3.cardtoken;

import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.RequestFields;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import java.net.URI;
import java.util.Map;

/**
 * The checkout's card payment request: the KPay.js token, the order (or {@code ADDCARD}), the
 * owner id the caller claims, whether to keep the card, and where to send the customer back. No
 * amount: the amount is always the order's; nor an owner: the owner is the order's or the signed-in
 * caller's, which the claimed one must equal.
 *
 * @param ownerId     null when not given
 * @param callbackUrl null when not given
 */
record CardPaymentRequest(CardToken token, OrderId orderId, OwnerId ownerId, boolean saveCard, String callbackUrl) {

    boolean isAddCard() {
        return orderId.isAddCard();
    }

    /** Reads and checks the body (JSON or form); throws {@link PaymentRejectedException} (MALFORMED) naming the problem. */
    static CardPaymentRequest parse(ApiGatewayEvent event) {
        try {
            Map<String, String> fields = RequestFields.parse(event.bodyText());
            CardToken token = CardToken.parse(fields.get("token"), "token");
            OrderId orderId = OrderId.parse(fields.get("orderId"));
            String owner = fields.get("ownerId");
            OwnerId ownerId = owner == null || owner.isEmpty() ? null : OwnerId.parse(owner);
            boolean saveCard = RequestFields.flag(fields, "saveCard");
            String callback = fields.get("callback");
            if (callback != null && !callback.isEmpty()) {
                if (callback.length() > 2048) {
                    throw new IllegalArgumentException("callback is too long");
                }
                URI uri = URI.create(callback);
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("callback is not an https URL");
                }
            } else {
                callback = null;
            }
            return new CardPaymentRequest(token, orderId, ownerId, saveCard, callback);
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }
}
