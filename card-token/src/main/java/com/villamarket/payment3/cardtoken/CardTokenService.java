package com.villamarket.payment3.cardtoken;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.LoggedErrorPages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.html.ResultRedirect;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.TransactionState;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /cardpayment: charges the order's total to the customer's card token and sends
 * the browser on: to KBank's 3-D Secure page, to the shop when the charge is authorized at once
 * (settled through the card settle path, which hands it to ProcessPaidOrder once), or to a page
 * with the reason when it is declined. {@code ADDCARD} charges 1 THB to verify a card, which is then
 * kept and the 1 THB voided.
 */
public final class CardTokenService {

    static final String FUNCTION = SuiteFunction.CARD_TOKEN.errorLogName();
    static final Money ADDCARD_AMOUNT = Money.of("1.00");

    private final OrderRepository orders;
    private final CardPaymentRecordRepository records;
    private final Supplier<KBankClient> kbank;
    private final CardPayments payments;
    private final LoggedErrorPages failures;
    private final ResultRedirect result;
    private final Clock clock;

    public CardTokenService(OrderRepository orders, CardPaymentRecordRepository records, Supplier<KBankClient> kbank,
            CardPayments payments, ErrorLogger errors, ResultRedirect result, Clock clock) {
        this.orders = orders;
        this.records = records;
        this.kbank = kbank;
        this.payments = payments;
        this.failures = new LoggedErrorPages(errors, FUNCTION, "Card payment could not be made");
        this.result = result;
        this.clock = clock;
    }

    public static CardTokenService create(Components c) {
        return new CardTokenService(c.orders(), c.cardPaymentRecords(), c::kbank, c.cardPayments(), c.errorLogger(),
                new ResultRedirect(c.config().thankYouUrl(), c.config().callbackAllowedHosts()), c.clock());
    }

    /** Handles one request; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        CardPaymentRequest request = null;
        try {
            request = CardPaymentRequest.parse(event);
            return pay(request);
        } catch (KBankException.ErrorAnswer e) {
            if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429) {
                // KBank refused the token itself (expired, already used, forged): the customer's card, not our fault.
                return failures.answer(event, orderIdOf(request), null, shown(request), new PaymentRejectedException(
                        RejectionReason.CARD_REFUSED, "KBank refused the card" + (e.code() == null ? "" : " (" + e.code() + ")")));
            }
            return failures.answer(event, orderIdOf(request), null, shown(request), e);
        } catch (RuntimeException e) {
            return failures.answer(event, orderIdOf(request), null, shown(request), e);
        }
    }

    private ApiGatewayResponse pay(CardPaymentRequest request) {
        Money amount = request.isAddCard() ? ADDCARD_AMOUNT : amountDue(request.orderId());
        CardPaymentRecord record = CardPaymentRecord.fresh(request.token(), request.orderId(), amount,
                request.callbackUrl(), request.saveCard() || request.isAddCard(), request.ownerId(), clock.instant());
        // Recorded (pending) before KBank is asked, so that a charge KBank makes is never without its record.
        if (!records.create(record)) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "this card token was used before");
        }
        KBankCharge charge = kbank.get().createCardCharge(new CardChargeRequest(amount,
                request.isAddCard() ? "Card verification" : "Order " + request.orderId(), request.token(),
                request.orderId()));
        if (charge.id() == null) {
            throw new KBankException.BadAnswer("KBank created a charge without an id", 200, null, null);
        }
        ChargeId chargeId = ChargeId.parse(charge.id());
        records.setCharge(request.token(), charge.id());
        Log.info("card charge created", "orderId", request.orderId(), "chargeId", chargeId,
                "state", charge.transactionState().wire());

        if (charge.settlement() == Settlement.PAID) {
            // KBank's own answer to the charge's creation decides; no body from outside is involved.
            payments.settle(
                    new CardPayments.Found(records.findByToken(request.token()).orElseThrow(), records), chargeId,
                    Optional.of(charge), Optional.empty());
            return result.page(request.callbackUrl(), query(request.orderId(), "success", chargeId.value()));
        }
        if (charge.transactionState() == TransactionState.PRE_AUTHORIZED && isWebUrl(charge.redirectUrl())) {
            return ApiGatewayResponse.html(200, HtmlPages.toThreeDSecure(URI.create(charge.redirectUrl())));
        }
        if (charge.settlement() == Settlement.FAILED) {
            payments.settle(new CardPayments.Found(records.findByToken(request.token()).orElseThrow(), records), chargeId,
                    Optional.of(charge), Optional.empty());
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
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String orderIdOf(CardPaymentRequest request) {
        return request == null ? null : request.orderId();
    }

    /** The request's order id for the error page; empty when the request could not be read. */
    private static Map<String, String> shown(CardPaymentRequest request) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("order id", orderIdOf(request));
        return shown;
    }
}
