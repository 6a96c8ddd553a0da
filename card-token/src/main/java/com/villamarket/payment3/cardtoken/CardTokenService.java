package com.villamarket.payment3.cardtoken;

import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.FailurePages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.html.ResultRedirect;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.http.RequestFields;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.TransactionState;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.CardHandoff;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * POST /cardpayment (seed 002): charges the order's total to the customer's card token and sends
 * the browser on: to KBank's 3-D Secure page, to the shop when the charge is authorized at once
 * (handing it to ProcessPaidOrder), or to a page with the reason when it is declined. {@code
 * ADDCARD} charges 1 THB to verify a card, which is then kept and the 1 THB voided.
 */
public final class CardTokenService {

    static final String FUNCTION = "cardtoken";
    static final Money ADDCARD_AMOUNT = Money.of("1.00");

    private final OrderRepository orders;
    private final CardPaymentRecordRepository records;
    private final Supplier<KBankClient> kbank;
    private final CardHandoff handoff;
    private final FailurePages failures;
    private final ResultRedirect result;
    private final Clock clock;

    public CardTokenService(OrderRepository orders, CardPaymentRecordRepository records, Supplier<KBankClient> kbank,
            CardHandoff handoff, ErrorLogger errors, ResultRedirect result, Clock clock) {
        this.orders = orders;
        this.records = records;
        this.kbank = kbank;
        this.handoff = handoff;
        this.failures = new FailurePages(errors, FUNCTION, "Card payment could not be made");
        this.result = result;
        this.clock = clock;
    }

    public static CardTokenService create(Components c, AsyncInvoker invoker) {
        return new CardTokenService(c.orders(), c.cardPaymentRecords(), c::kbank,
                new CardHandoff(invoker, c::kbank, c.names(), c.clock()), c.errorLogger(),
                new ResultRedirect(c.config().thankYouUrl(), c.config().callbackAllowedHosts()), c.clock());
    }

    /** Handles one request; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        Map<String, String> shown = shownFields(event);
        try {
            return pay(CardPaymentRequest.parse(event));
        } catch (PaymentRejectedException e) {
            return failures.answer(event, shown.get("order id"), null, shown, e.reason().name(), e.getMessage(),
                    e.reason().httpStatus());
        } catch (KBankException.ErrorAnswer e) {
            if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429) {
                return failures.answer(event, shown.get("order id"), null, shown, e.getClass().getName(),
                        "KBank refused the card" + (e.code() == null ? "" : " (" + e.code() + ")"), 400);
            }
            return failures.answer(event, shown.get("order id"), null, shown, e.getClass().getName(), e.getMessage(), 503);
        } catch (RuntimeException e) {
            return failures.answer(event, shown.get("order id"), null, shown, e.getClass().getName(),
                    "internal error: " + e.getMessage(), 503);
        }
    }

    private ApiGatewayResponse pay(CardPaymentRequest request) {
        Money amount = request.isAddCard() ? ADDCARD_AMOUNT : amountDue(request.orderId());
        CardPaymentRecord record = new CardPaymentRecord(request.token(), request.orderId(), null, false, amount,
                request.callbackUrl(), request.saveCard() || request.isAddCard(), request.ownerId(), clock.instant(), null);
        // Recorded before KBank is asked, so that a charge KBank makes is never without its record.
        if (!records.create(record)) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "this card token was used before");
        }
        KBankCharge charge = kbank.get().createCardCharge(new CardChargeRequest(amount,
                request.isAddCard() ? "Card verification" : "Order " + request.orderId(), request.token(),
                request.orderId()));
        if (charge.id() == null) {
            throw new KBankException.BadAnswer("KBank created a charge without an id", 200, null, null);
        }
        records.setCharge(request.token(), charge.id());
        CardPaymentRecord charged = records.findByToken(request.token()).orElseThrow();
        Log.info("card charge created", "orderId", request.orderId(), "chargeId", charge.id(),
                "state", charge.transactionState().wire());

        if (charge.isPaid()) {
            records.setPaid(request.token(), true);
            handoff.handOn(records, charged, charge);
            return result.page(request.callbackUrl(), query(request.orderId(), "success", charge.id()));
        }
        if (charge.transactionState() == TransactionState.PRE_AUTHORIZED && isWebUrl(charge.redirectUrl())) {
            return ApiGatewayResponse.html(200, HtmlPages.redirect(URI.create(charge.redirectUrl()), Map.of()));
        }
        String reason = charge.failureMessage() != null && !charge.failureMessage().isBlank()
                ? charge.failureMessage() : "the card was not accepted (" + charge.transactionState().wire() + ")";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("order id", request.orderId());
        fields.put("charge id", charge.id());
        return ApiGatewayResponse.html(402, HtmlPages.error("Card payment declined", reason, fields, null));
    }

    private Money amountDue(String orderId) {
        Order order = orders.find(new OrderId(orderId)).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        if (order.isPaid()) {
            throw new PaymentRejectedException(RejectionReason.ORDER_ALREADY_PAID, "order " + orderId + " is paid already");
        }
        return order.grandTotal().orElseThrow(() -> new PaymentRejectedException(RejectionReason.ORDER_WITHOUT_TOTAL,
                "order " + orderId + " has no grandTotal"));
    }

    private static Map<String, String> query(String orderId, String status, String chargeId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("orderId", orderId);
        query.put("status", status);
        query.put("chargeId", chargeId);
        return query;
    }

    private static boolean isWebUrl(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The request's order id as received, cut short, for the error page and log; never throws. */
    private static Map<String, String> shownFields(ApiGatewayEvent event) {
        Map<String, String> shown = new LinkedHashMap<>();
        try {
            String orderId = RequestFields.parse(event.bodyText()).get("orderId");
            shown.put("order id", orderId == null || orderId.length() <= 80 ? orderId : orderId.substring(0, 80) + "…");
        } catch (IllegalArgumentException e) {
            shown.put("order id", null);
        }
        return shown;
    }
}
