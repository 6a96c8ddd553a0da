package com.villamarket.payment3.qrnotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrHandoff;
import com.villamarket.payment3.common.payment.QrPaymentAcceptor;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankOrderRepository.KBankOrder;
import com.villamarket.payment3.common.persistence.QrNotifyRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * KBank's QR payment notification (seed 004): checked against the configured partner and merchant,
 * recorded, and for {@code statusCode 00} taken through the same confirmed, once-only path as the
 * QR callback. The notification names the KBank order by its {@code reference_order}
 * ({@code partnerTxnUid}); KBank's order inquiry names the charge, which KBank's QR inquiry confirms.
 * Answers {@code {"statusCode": "00"}} or the error form with {@code "10"}, so KBank retries what failed.
 */
public final class QrNotifyService {

    static final String FUNCTION = "qrnotify";

    private final Optional<String> partnerId;
    private final Supplier<KBankClient> kbank;
    private final KBankOrderRepository kbankOrders;
    private final QrNotifyRepository notifications;
    private final QrPaymentAcceptor acceptor;
    private final ErrorLogger errors;
    private final Clock clock;

    public QrNotifyService(Optional<String> partnerId, Supplier<KBankClient> kbank, KBankOrderRepository kbankOrders,
            QrNotifyRepository notifications, QrPaymentAcceptor acceptor, ErrorLogger errors, Clock clock) {
        this.partnerId = partnerId;
        this.kbank = kbank;
        this.kbankOrders = kbankOrders;
        this.notifications = notifications;
        this.acceptor = acceptor;
        this.errors = errors;
        this.clock = clock;
    }

    public static QrNotifyService create(Components c, AsyncInvoker invoker) {
        return new QrNotifyService(c.config().optional("QR_PARTNER_ID"), c::kbank, c.kbankOrders(), c.qrNotifications(),
                new QrPaymentAcceptor(c.chargeVerifier(ChargeVerifier.Kind.QR), c.orders(), c.qrPaymentRecords(),
                        new QrHandoff(c.qrPaymentRecords(), invoker, c.names().processPaidOrderInternalFunction(),
                                c.clock()), c.clock()),
                c.errorLogger(), c.clock());
    }

    /** Handles one notification; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        String txn = "-";
        String statusCode = null;
        String orderId = null;
        try {
            JsonNode body = Json.parse(event.bodyText());
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            String uid = Json.text(body, "partnerTxnUid");
            if (uid == null || !uid.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new PaymentRejectedException(RejectionReason.MALFORMED, "partnerTxnUid is missing or invalid");
            }
            txn = uid;
            statusCode = Json.text(body, "statusCode");
            checkPartner(body);
            if (!"00".equals(statusCode)) {
                notifications.record(txn, clock.instant(), statusCode, "NOT_PAID_NOTIFIED", Json.text(body, "errorDesc"),
                        event.raw());
                return answer(true, null, null);
            }
            KBankOrder kbankOrder = kbankOrders.findByReference(uid).orElseThrow(() -> new PaymentRejectedException(
                    RejectionReason.UNKNOWN_CHARGE, "no KBank order was created with reference " + uid));
            orderId = kbankOrder.orderId();
            ChargeId chargeId = chargeOf(kbankOrder);
            QrPaymentAcceptor.Accepted accepted = acceptor.accept(new OrderId(kbankOrder.orderId()), chargeId,
                    amount(body));
            notifications.record(txn, clock.instant(), statusCode, accepted.handedOn() ? "ACCEPTED" : "REPLAY", null,
                    event.raw());
            return answer(true, null, null);
        } catch (PaymentRejectedException e) {
            return refuse(event, txn, statusCode, orderId, e.reason().name(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return refuse(event, txn, statusCode, orderId, RejectionReason.MALFORMED.name(), e.getMessage());
        } catch (RuntimeException e) {
            return refuse(event, txn, statusCode, orderId, e.getClass().getName(), "internal error: " + e.getMessage());
        }
    }

    private void checkPartner(JsonNode body) {
        String configured = partnerId.orElseThrow(() -> new IllegalStateException("QR_PARTNER_ID is not configured"));
        if (!configured.equals(Json.text(body, "partnerId"))) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "partnerId is not this shop's");
        }
        String merchant = Json.text(body, "merchantId");
        String ours = kbank.get().merchantId();
        if (merchant != null && !ours.isEmpty() && !ours.equals(merchant)) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "merchantId is not this shop's");
        }
        String currency = Json.text(body, "txnCurrencyCode");
        if (currency != null && !"THB".equals(currency)) {
            throw new PaymentRejectedException(RejectionReason.WRONG_CURRENCY, "txnCurrencyCode is not THB");
        }
    }

    /** The charge KBank's order inquiry names for the order ({@code charge_id}, or {@code charge.id}). */
    private ChargeId chargeOf(KBankOrder order) {
        JsonNode answer = kbank.get().qrOrder(order.kbankOrderId());
        String charge = Json.text(answer, "charge_id");
        if (charge == null) {
            charge = Json.text(answer.path("charge"), "id");
        }
        if (charge == null) {
            throw new PaymentRejectedException(RejectionReason.NOT_PAID, "KBank's order " + order.kbankOrderId()
                    + " names no charge yet");
        }
        return ChargeId.parse(charge);
    }

    private static Optional<Money> amount(JsonNode body) {
        JsonNode amount = body.get("txnAmount");
        if (amount == null || amount.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Money.of(amount.isNumber() ? amount.decimalValue() : new BigDecimal(amount.asText().trim())));
        } catch (RuntimeException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "txnAmount is not an amount");
        }
    }

    private ApiGatewayResponse refuse(ApiGatewayEvent event, String txn, String statusCode, String orderId, String code,
            String message) {
        String errorId = errors.log(new ErrorLogger.Failure(FUNCTION, orderId, null, message, code, event.raw(), null));
        try {
            notifications.record(txn, clock.instant(), statusCode, "REFUSED_" + code, message, event.raw());
        } catch (RuntimeException e) {
            Log.error("could not record the QR notification", e, "errorId", errorId);
        }
        return answer(false, code, message.length() > 100 ? message.substring(0, 100) : message);
    }

    /** Seed 004's return: statusCode 00, or 10 with an error code and description. */
    private static ApiGatewayResponse answer(boolean ok, String errorCode, String errorDesc) {
        ObjectNode body = Json.object();
        body.put("statusCode", ok ? "00" : "10");
        body.put("errorCode", errorCode);
        body.put("errorDesc", errorDesc);
        return ApiGatewayResponse.json(ok ? 200 : 400, body);
    }
}
