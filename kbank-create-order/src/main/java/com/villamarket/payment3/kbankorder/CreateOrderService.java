package com.villamarket.payment3.kbankorder;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.SuiteException;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.KBankQrOrder;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import com.villamarket.payment3.common.wiring.Tables;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * POST /kbank/order, behind a Cognito user-pool authorizer: creates the KBank QR or
 * WeChat order for a shop order, for the order's own total, records it, and answers KBank's order
 * object. Errors in the shape the shop's front end reads, {@code {"error": {"code", "message"}}}.
 */
public final class CreateOrderService {

    static final String FUNCTION = SuiteFunction.KBANK_CREATE_ORDER.errorLogName();

    private final OrderRepository orders;
    private final KBankOrderRepository kbankOrders;
    private final Supplier<KBankClient> kbank;
    private final ErrorLogger errors;
    private final Clock clock;

    public CreateOrderService(OrderRepository orders, KBankOrderRepository kbankOrders, Supplier<KBankClient> kbank,
            ErrorLogger errors, Clock clock) {
        this.orders = orders;
        this.kbankOrders = kbankOrders;
        this.kbank = kbank;
        this.errors = errors;
        this.clock = clock;
    }

    public static CreateOrderService create(Components c) {
        Tables tables = c.tables();
        Platform platform = c.platform();
        return new CreateOrderService(tables.orders(), tables.kbankOrders(), platform::kbank, platform.errorLogger(),
                platform.clock());
    }

    /** Handles one request; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        String orderText = null;
        try {
            String user = event.claims().get("sub");
            if (user == null || user.isBlank()) {
                throw new OrderRefusal(RejectionReason.OTHER_OWNER, 401, "unauthorized", "a signed-in user is required");
            }
            JsonNode body;
            OrderId orderId;
            String source;
            try {
                body = Json.parse(event.bodyText());
                orderText = Json.text(body, "orderid");
                orderId = OrderId.parse(orderText);
                source = Json.text(body, "source");
            } catch (IllegalArgumentException e) {
                throw new OrderRefusal(RejectionReason.MALFORMED, 400, "invalid_request", e.getMessage());
            }
            if (!"qr".equals(source) && !"wechat".equals(source)) {
                throw new OrderRefusal(RejectionReason.MALFORMED, 400, "invalid_request", "source must be qr or wechat");
            }
            return create(orderId, source, user);
        } catch (RuntimeException e) {
            ErrorLogger.Logged logged = errors.log(FUNCTION, ReceivedId.of(orderText), null, event.raw(), e);
            Failure failure = logged.failure();
            if (e instanceof OrderRefusal refused) {
                return error(refused.status(), refused.answerCode, failure.message());
            }
            if (failure.refusal()) {
                return error(failure.status(), failure.code().toLowerCase(Locale.ROOT), failure.message());
            }
            String code = failure.kind().defect() ? "internal_error" : failure.kind().name().toLowerCase(Locale.ROOT);
            return error(failure.status(), code, "the order could not be created now (reference " + logged.errorId() + ")");
        }
    }

    private APIGatewayProxyResponseEvent create(OrderId orderId, String source, String user) {
        // An unknown order is refused with the error KBank's QR order API documents, which the shop's front end reads.
        Order order = orders.find(orderId).orElseThrow(() -> new OrderRefusal(RejectionReason.ORDER_NOT_FOUND, 404, "invalid_order", "Invalid order ID."));
        String owner = Json.text(order.data(), "ownerId");
        if (owner != null && !owner.equals(user)) {
            throw new OrderRefusal(RejectionReason.OTHER_OWNER, 403, "forbidden", "the order is another customer's");
        }
        if (order.isPaid()) {
            throw new OrderRefusal(RejectionReason.ORDER_ALREADY_PAID, 400, "order_paid", "the order is paid already");
        }
        Money total = order.grandTotal().orElseThrow(() -> new OrderRefusal(RejectionReason.ORDER_WITHOUT_TOTAL, 400, "invalid_order", "the order has no total"));
        Instant now = clock.instant();
        // The reference KBank echoes: the order id and the moment, "4925000046321748613417.737979".
        String reference = orderId.value() + now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
        KBankQrOrder kbankOrder = kbank.get().createQrOrder(total, source, reference, "Order " + orderId.value());
        String kbankOrderId = kbankOrder.id();
        if (kbankOrderId == null) {
            throw new KBankException.BadAnswer("KBank's order has no id", 200, null, null);
        }
        kbankOrders.record(new KBankOrder(reference, orderId, kbankOrderId, total, source, now, true, null));
        Log.info("KBank order created", "orderId", orderId, "kbankOrderId", kbankOrderId, "source", source);
        return ApiResponses.json(200, kbankOrder.toJson());
    }

    private static APIGatewayProxyResponseEvent error(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return ApiResponses.json(status, body);
    }

    /**
     * A request this function refuses: answered with the status and code the shop's front end reads, and logged
     * typed by its {@link RejectionReason}, as every refusal is, so that replay and the worklist know it for one.
     */
    private static final class OrderRefusal extends SuiteException.Refusal {
        private static final long serialVersionUID = 1L;

        private final RejectionReason reason;
        private final int status;
        private final String answerCode;

        OrderRefusal(RejectionReason reason, int status, String answerCode, String message) {
            super(message);
            this.reason = reason;
            this.status = status;
            this.answerCode = answerCode;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String errorType() {
            return reason.name();
        }
    }
}
