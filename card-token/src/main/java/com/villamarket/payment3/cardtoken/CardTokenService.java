package com.villamarket.payment3.cardtoken;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.LoggedErrorPages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.html.ResultRedirect;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
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
import com.villamarket.payment3.common.persistence.CardPaymentLifecycle;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.SettledUnpaid;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import com.villamarket.payment3.common.wiring.Tables;
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
    static final Money ADDCARD_AMOUNT = CardPaymentRecord.ADDCARD_AMOUNT;

    private final OrderRepository orders;
    private final CardPaymentRecordRepository records;
    private final KBankUserMappingRepository mappings;
    private final Supplier<KBankClient> kbank;
    private final CardPayments payments;
    private final LoggedErrorPages failures;
    private final ErrorLogger errors;
    private final ResultRedirect result;
    private final Clock clock;

    public CardTokenService(OrderRepository orders, CardPaymentRecordRepository records,
            KBankUserMappingRepository mappings, Supplier<KBankClient> kbank, CardPayments payments, ErrorLogger errors,
            ResultRedirect result, Clock clock) {
        this.orders = orders;
        this.records = records;
        this.mappings = mappings;
        this.kbank = kbank;
        this.payments = payments;
        this.failures = new LoggedErrorPages(errors, FUNCTION, "Card payment could not be made");
        this.errors = errors;
        this.result = result;
        this.clock = clock;
    }

    public static CardTokenService create(Components c) {
        Tables tables = c.tables();
        Platform platform = c.platform();
        return new CardTokenService(tables.orders(), tables.cardPaymentRecords(), tables.kbankUserMapping(), platform::kbank,
                c.payments().card(), platform.errorLogger(), ResultRedirect.of(platform.config()), platform.clock());
    }

    /** Handles one request; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        CardPaymentRequest request = null;
        try {
            request = CardPaymentRequest.parse(event);
            return pay(request, event.claims().get("sub"), event);
        } catch (KBankException.ErrorAnswer e) {
            if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429) {
                // KBank refused the token itself (expired, already used, forged): the customer's card, not our fault.
                return failures.answer(event, received(request), null, shown(request), new PaymentRejectedException(
                        RejectionReason.CARD_REFUSED, "KBank refused the card" + (e.code() == null ? "" : " (" + e.code() + ")")));
            }
            return failures.answer(event, received(request), null, shown(request), e);
        } catch (RuntimeException e) {
            return failures.answer(event, received(request), null, shown(request), e);
        }
    }

    private APIGatewayProxyResponseEvent pay(CardPaymentRequest request, String signedIn, ApiGatewayEvent event) {
        Order order = request.isAddCard() ? null : payableOrder(request.orderId());
        Money amount = order == null ? ADDCARD_AMOUNT : order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + request.orderId() + " has no grandTotal"));
        OwnerId owner = order == null ? addCardOwner(request, signedIn) : orderOwner(request, signedIn, order);
        CardPaymentRecord record = CardPaymentRecord.fresh(request.token(), request.orderId(), amount,
                request.callbackUrl(), request.saveCard() || request.isAddCard(), owner, clock.instant());
        // Recorded (pending) before KBank is asked, so that a charge KBank makes is never without its record.
        if (!records.create(record)) {
            throw new PaymentRejectedException(RejectionReason.CHARGE_USED, "this card token was used before");
        }
        KBankCharge charge;
        try {
            charge = kbank.get().createCardCharge(new CardChargeRequest(amount,
                    request.isAddCard() ? "Card verification" : "Order " + request.orderId(), request.token(),
                    request.orderId()));
        } catch (KBankException.ErrorAnswer e) {
            if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429) {
                // KBank refused to charge: no charge exists, and nothing is left for reconciliation to look for.
                new CardPaymentLifecycle(records, clock).settle(request.token(), SettledUnpaid.FAILED);
                throw e;
            }
            return chargeMayExist(request, event, e);
        } catch (KBankException e) {
            return chargeMayExist(request, event, e);
        } catch (PaymentRejectedException e) {
            if (e.reason() != RejectionReason.KBANK_ANSWER_MALFORMED) {
                throw e;
            }
            // KBank answered its charge in a shape it never sends: the charge may exist, its inquiry decides later.
            return chargeMayExist(request, event, new KBankException.BadAnswer(e.getMessage(), 200, e.kbankAnswer(), e));
        }
        ChargeId chargeId;
        try {
            chargeId = ChargeId.parse(charge.id());
        } catch (RuntimeException e) {
            return chargeMayExist(request, event, new KBankException.BadAnswer(
                    "KBank created a charge without a valid id", 200, null, e));
        }
        Log.info("card charge created", "orderId", request.orderId(), "chargeId", chargeId,
                "state", charge.transactionState().wire());
        if (charge.settlement() == Settlement.PAID) {
            // KBank's own answer to the charge's creation decides; no body from outside is involved. The charge,
            // its paid state and the hand-on's claim go to the record in one write.
            payments.settleCreated(record, chargeId, charge);
            return result.page(request.callbackUrl(), query(request.orderId(), "success", chargeId));
        }
        records.setCharge(request.token(), chargeId);
        if (charge.transactionState() == TransactionState.PRE_AUTHORIZED && isWebUrl(charge.redirectUrl())) {
            return ApiResponses.html(200, HtmlPages.toThreeDSecure(URI.create(charge.redirectUrl())));
        }
        if (charge.settlement() == Settlement.FAILED) {
            payments.settle(new CardPayments.Found(records.findByToken(request.token()).orElseThrow(), records), chargeId,
                    Optional.of(charge), Optional.empty());
        }
        String reason = charge.failureMessage() != null && !charge.failureMessage().isBlank()
                ? charge.failureMessage() : "the card was not accepted (" + charge.transactionState().wire() + ")";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("order id", request.orderId().value());
        fields.put("charge id", charge.id());
        return ApiResponses.html(402, HtmlPages.error("Card payment declined", reason, fields, null));
    }

    /**
     * KBank's answer to the charge's creation is lost (late, empty, cut, a 5xx): the charge may exist. The
     * customer is told not to pay again and a person is told; the record waits, pending, for KBank's notify,
     * the browser's callback or reconciliation to bind the charge to it by the reference KBank echoes.
     */
    private APIGatewayProxyResponseEvent chargeMayExist(CardPaymentRequest request, ApiGatewayEvent event, KBankException e) {
        String errorId = errors.log(new ErrorLogger.Entry(FUNCTION, ReceivedId.of(request.orderId()), null,
                "KBank's answer to the card charge of order " + request.orderId() + " was lost (" + e.getMessage()
                        + "): the charge may exist; KBank's notify or reconciliation finds it by its reference",
                "CHARGE_ANSWER_LOST", event.raw(), null), e);
        Log.warn("card charge answer lost: the charge may exist", "orderId", request.orderId(), "errorId", errorId);
        Map<String, String> shown = shown(request);
        shown.put("reference", errorId);
        return ApiResponses.html(202, HtmlPages.pending(shown));
    }

    private Order payableOrder(OrderId orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        if (order.isPaid()) {
            throw new PaymentRejectedException(RejectionReason.ORDER_ALREADY_PAID, "order " + orderId + " is paid already");
        }
        return order;
    }

    /**
     * The owner of an order's payment: the order's own ({@code data.ownerId}), else the signed-in
     * caller's; never the body's alone, which only has to agree.
     *
     * @return null when neither is known, or the one known is not an owner id's shape (then no card can be kept)
     */
    private static OwnerId orderOwner(CardPaymentRequest request, String signedIn, Order order) {
        String owner = Json.text(order.data(), "ownerId");
        owner = owner == null || owner.isBlank() ? null : owner;
        if (signedIn != null && owner != null && !signedIn.equals(owner)) {
            throw new PaymentRejectedException(RejectionReason.OTHER_OWNER,
                    "order " + request.orderId() + " is another customer's than the signed-in one");
        }
        String vouched = owner != null ? owner : signedIn;
        if (request.ownerId() != null && !request.ownerId().value().equals(vouched)) {
            throw new PaymentRejectedException(RejectionReason.OTHER_OWNER, "ownerId " + request.ownerId()
                    + " is not the owner of order " + request.orderId());
        }
        OwnerId parsed = ownerOrNull(vouched);
        if (request.saveCard() && parsed == null) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED,
                    "order " + request.orderId() + " has no owner to keep the card for"
                            + (vouched == null ? "" : " (its owner is not an owner id's shape)"));
        }
        return parsed;
    }

    /** {@code text} as an owner id; null when absent or not an owner id's shape. */
    private static OwnerId ownerOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OwnerId.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code ownerId} is an owner the suite made a KBank customer for; false for none. */
    private boolean hasKBankCustomer(OwnerId ownerId) {
        return ownerId != null && mappings.kbankId(ownerId).isPresent();
    }

    /**
     * The owner of a card verification, which has no order: the signed-in caller, else an owner the
     * suite made a KBank customer for (its mapping is stored); a body's owner alone is never enough.
     */
    private OwnerId addCardOwner(CardPaymentRequest request, String signedIn) {
        if (signedIn != null) {
            if (request.ownerId() != null && !request.ownerId().value().equals(signedIn)) {
                throw new PaymentRejectedException(RejectionReason.OTHER_OWNER,
                        "ownerId " + request.ownerId() + " is not the signed-in customer");
            }
            OwnerId owner = ownerOrNull(signedIn);
            if (owner == null) {
                // Its card could never be kept: refused before KBank is asked to charge the card.
                throw new PaymentRejectedException(RejectionReason.MALFORMED,
                        "the signed-in customer's id is not an owner id's shape; no card can be kept for it");
            }
            return owner;
        }
        if (hasKBankCustomer(request.ownerId())) {
            return request.ownerId();
        }
        throw new PaymentRejectedException(RejectionReason.OTHER_OWNER, "a card verification needs a signed-in customer"
                + " or one with a KBank customer already; ownerId " + request.ownerId() + " is neither");
    }

    private static Map<String, String> query(OrderId orderId, String status, ChargeId chargeId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("orderId", orderId.value());
        query.put("status", status);
        query.put("chargeId", chargeId.value());
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

    /** The request's order id for the error log; null when the request could not be read. */
    private static ReceivedId received(CardPaymentRequest request) {
        return request == null ? null : ReceivedId.of(request.orderId());
    }

    private static String orderIdOf(CardPaymentRequest request) {
        return request == null ? null : request.orderId().value();
    }

    /** The request's order id for the error page; empty when the request could not be read. */
    private static Map<String, String> shown(CardPaymentRequest request) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("order id", orderIdOf(request));
        return shown;
    }
}
