package com.villamarket.payment3.qrnotify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrPayments;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.persistence.QrNotifyRepository;
import com.villamarket.payment3.common.persistence.ReportOutcome;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * POST /qr/payment-callback, KBank's QR payment notification: checked against this shop's
 * partner and merchant, recorded, and for {@code statusCode 00} taken through the QR settle path
 * ({@link QrPayments}): the notification names the KBank order by its reference
 * ({@code partnerTxnUid}), KBank's order inquiry names the charge, KBank's QR inquiry confirms it.
 * Answers {@code {"statusCode": "00"}}, or {@code "10"} with the reason, so that KBank sends again
 * what could not be settled yet.
 */
public final class QrNotifyService {

    static final String FUNCTION = SuiteFunction.QR_NOTIFY.errorLogName();

    private static final Pattern TXN_UID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String partnerId;
    private final Supplier<KBankClient> kbank;
    private final KBankOrderRepository kbankOrders;
    private final QrNotifyRepository notifications;
    private final QrPayments payments;
    private final ErrorLogger errors;
    private final String branch;
    private final Clock clock;

    /** @param branch the stack's branch, the dimension of the metric a lost record is counted by */
    public QrNotifyService(String partnerId, Supplier<KBankClient> kbank, KBankOrderRepository kbankOrders,
            QrNotifyRepository notifications, QrPayments payments, ErrorLogger errors, String branch, Clock clock) {
        this.partnerId = partnerId;
        this.kbank = kbank;
        this.kbankOrders = kbankOrders;
        this.notifications = notifications;
        this.payments = payments;
        this.errors = errors;
        this.branch = branch;
        this.clock = clock;
    }

    /**
     * The service from a container's parts.
     *
     * @throws ConfigException when {@code QR_PARTNER_ID} is not set: the container does not start
     */
    public static QrNotifyService create(Components c) {
        Platform platform = c.platform();
        String partnerId = platform.config().qrPartnerId().orElseThrow(() -> new ConfigException(
                "missing required setting QR_PARTNER_ID (KBank's partner id, checked on every QR notification)"));
        return new QrNotifyService(partnerId, platform::kbank, c.tables().kbankOrders(), c.tables().qrNotifications(),
                c.payments().qr(), platform.errorLogger(), platform.config().branch(), platform.clock());
    }

    /** Handles one notification; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        String txn = "-";
        String statusCode = null;
        OrderId orderId = null;
        try {
            JsonNode body = parse(event);
            Optional<Money> amount = amount(body);
            txn = Json.text(body, "partnerTxnUid");
            statusCode = Json.text(body, "statusCode");
            checkOurs(body);
            if (!"00".equals(statusCode)) {
                record(txn, statusCode, ReportOutcome.NOT_PAID_NOTIFIED, Json.text(body, "errorDesc"), event);
                return answer(200, null, null);
            }
            String reference = txn;
            KBankOrder kbankOrder = kbankOrders.findByReference(reference).orElseThrow(() -> new PaymentRejectedException(
                    RejectionReason.UNKNOWN_CHARGE, "no KBank order was created with reference " + reference));
            orderId = kbankOrder.orderId();
            QrPayments.Result result = payments.settle(kbankOrder, amount);
            if (result.settlement() == Settlement.PENDING) {
                throw new PaymentPendingException("KBank has not settled the charge of order " + orderId + " yet");
            }
            // The payment is settled: a record of the notification that cannot be written is counted and logged, and
            // KBank is still told it was received (a failure here would have it send again, and record it refused).
            recordQuietly(txn, statusCode, ReportOutcome.paid(result.handedOn()), null, event);
            return answer(200, null, null);
        } catch (RuntimeException e) {
            ErrorLogger.Logged logged = errors.log(FUNCTION, ReceivedId.of(orderId), null, event.raw(), e);
            Failure failure = logged.failure();
            if (failure.kind() == FailureKind.PENDING) {
                // Nothing failed: KBank sends it again, and reconciliation settles the KBank order meanwhile.
                recordQuietly(txn, statusCode, ReportOutcome.PENDING, failure.message(), event);
                return answer(failure.status(), "PENDING", failure.message());
            }
            recordQuietly(txn, statusCode, ReportOutcome.refused(failure.code()), failure.message(), event);
            String shown = failure.refusal() ? failure.message() : "not settled now (reference " + logged.errorId() + ")";
            return answer(failure.status(), failure.code(), shown);
        }
    }

    /** The body, a JSON object with a usable {@code partnerTxnUid}; its amount is bounded by {@link #amount}. */
    private static JsonNode parse(ApiGatewayEvent event) {
        try {
            JsonNode body = Json.parse(event.bodyText());
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            String uid = Json.text(body, "partnerTxnUid");
            if (uid == null || !TXN_UID.matcher(uid).matches()) {
                throw new IllegalArgumentException("partnerTxnUid is missing or invalid");
            }
            return body;
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    private void checkOurs(JsonNode body) {
        if (!partnerId.equals(Json.text(body, "partnerId"))) {
            throw new PaymentRejectedException(RejectionReason.NOT_OURS, "partnerId is not this shop's");
        }
        String merchant = Json.text(body, "merchantId");
        String ours = kbank.get().merchantId();
        if (merchant != null && !ours.isEmpty() && !ours.equals(merchant)) {
            throw new PaymentRejectedException(RejectionReason.NOT_OURS, "merchantId is not this shop's");
        }
        String currency = Json.text(body, "txnCurrencyCode");
        if (currency != null && !"THB".equals(currency)) {
            throw new PaymentRejectedException(RejectionReason.WRONG_CURRENCY, "txnCurrencyCode is not THB");
        }
    }

    /** The notification's {@code txnAmount}, bounded before anything else is done; empty when absent. */
    private static Optional<Money> amount(JsonNode body) {
        JsonNode amount = body.get("txnAmount");
        if (amount == null || amount.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Money.fromJson(amount));
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "txnAmount is not an amount: " + e.getMessage());
        }
    }

    private void record(String txn, String statusCode, ReportOutcome outcome, String reason, ApiGatewayEvent event) {
        notifications.record(new QrNotify(txn, clock.instant(), statusCode, outcome, reason, event.raw()));
    }

    private void recordQuietly(String txn, String statusCode, ReportOutcome outcome, String reason, ApiGatewayEvent event) {
        try {
            record(txn, statusCode, outcome, reason, event);
        } catch (RuntimeException e) {
            Log.error("could not record the QR notification; raw event follows", e, "event", event.raw());
            Metrics.count(branch, FUNCTION, Map.of(Metrics.RECORDS_LOST, 1));
        }
    }

    /** KBank's expected return: statusCode 00 with HTTP 200, or 10 with an error code and description. */
    private static APIGatewayProxyResponseEvent answer(int httpStatus, String errorCode, String errorDesc) {
        ObjectNode body = Json.object();
        body.put("statusCode", httpStatus == 200 ? "00" : "10");
        body.put("errorCode", errorCode);
        body.put("errorDesc", errorDesc == null || errorDesc.length() <= 100 ? errorDesc : errorDesc.substring(0, 100));
        return ApiResponses.json(httpStatus, body);
    }
}
