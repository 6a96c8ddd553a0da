package com.villamarket.payment3.cardcallback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.LoggedErrorPages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.html.ResultRedirect;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.wiring.Components;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * POST /callback: the browser's report after 3-D Secure goes through the card settle path
 * ({@link CardPayments}): the payment is found by its charge, KBank's inquiry decides, a settled
 * charge is handed on once, and the browser is sent back to the shop.
 */
public final class CardCallbackService {

    static final String FUNCTION = SuiteFunction.CARD_CALLBACK.errorLogName();

    private final CardPayments payments;
    private final LoggedErrorPages failures;
    private final ResultRedirect result;

    public CardCallbackService(CardPayments payments, ErrorLogger errors, ResultRedirect result) {
        this.payments = payments;
        this.failures = new LoggedErrorPages(errors, FUNCTION, "Card payment could not be confirmed");
        this.result = result;
    }

    public static CardCallbackService create(Components c) {
        return new CardCallbackService(c.payments().card(), c.platform().errorLogger(), ResultRedirect.of(c.platform().config()));
    }

    /** Handles one callback; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        CardCallback callback = null;
        OrderId orderId = null;
        try {
            callback = CardCallback.parse(event);
            CardPayments.Found found = payments.find(callback.chargeId(), callback.token());
            orderId = found.record().orderId();
            CardPayments.Result settled = payments.settle(found, callback.chargeId(), Optional.empty(),
                    Optional.of(new CardPayments.Report("callback", callback.status(), event.raw())));
            if (settled.settlement() == Settlement.PAID) {
                return result.page(found.record().callbackUrl(), successQuery(found.record(), callback));
            }
            if (settled.settlement() == Settlement.PENDING) {
                // Nothing failed: the customer's browser came back before KBank settled the charge.
                return ApiResponses.html(202, HtmlPages.pending(callback.shown()));
            }
            Log.warn("card payment not paid", "orderId", orderId, "chargeId", callback.chargeId(),
                    "browserSaid", callback.status());
            throw new PaymentRejectedException(RejectionReason.NOT_PAID, "KBank says charge " + callback.chargeId()
                    + " is not paid (" + settled.charge().transactionState().wire() + ")");
        } catch (RuntimeException e) {
            return failures.answer(event, ReceivedId.of(orderId), callback == null ? null : ReceivedId.of(callback.chargeId()),
                    callback == null ? Map.of() : callback.shown(), e);
        }
    }

    private static Map<String, String> successQuery(CardPaymentRecord record, CardCallback callback) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("orderId", record.orderId().value());
        query.put("status", "success");
        query.put("chargeId", callback.chargeId().value());
        return query;
    }
}
