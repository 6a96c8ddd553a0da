package com.villamarket.payment3.kbankorder;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Failures;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.time.Instant;
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
        return new CreateOrderService(c.orders(), c.kbankOrders(), c::kbank, c.errorLogger(), c.clock());
    }

    /** Handles one request; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        String user = event.claims().get("sub");
        if (user == null || user.isBlank()) {
            return error(401, "unauthorized", "a signed-in user is required");
        }
        JsonNode body;
        OrderId orderId;
        String source;
        try {
            body = Json.parse(event.bodyText());
            orderId = OrderId.parse(Json.text(body, "orderid"));
            source = Json.text(body, "source");
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage());
        }
        if (!"qr".equals(source) && !"wechat".equals(source)) {
            return error(400, "invalid_request", "source must be qr or wechat");
        }
        try {
            Order order = orders.find(orderId).orElse(null);
            if (order == null) {
                return error(404, "order_not_found", "Invalid order ID.");
            }
            String owner = Json.text(order.data(), "ownerId");
            if (owner != null && !owner.equals(user)) {
                return error(403, "forbidden", "the order is another customer's");
            }
            if (order.isPaid()) {
                return error(400, "order_paid", "the order is paid already");
            }
            Money total = order.grandTotal().orElse(null);
            if (total == null) {
                return error(400, "invalid_order", "the order has no total");
            }
            Instant now = clock.instant();
            // The reference KBank echoes: the order id and the moment, "4925000046321748613417.737979".
            String reference = orderId.value() + now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
            JsonNode kbankOrder = kbank.get().createQrOrder(total, source, reference, "Order " + orderId.value());
            String kbankOrderId = Json.text(kbankOrder, "id");
            if (kbankOrderId == null) {
                throw new KBankException.BadAnswer("KBank's order has no id", 200, null, null);
            }
            kbankOrders.record(new KBankOrder(reference, orderId.value(), kbankOrderId, total, source, now, true, null));
            Log.info("KBank order created", "orderId", orderId, "kbankOrderId", kbankOrderId, "source", source);
            return ApiGatewayResponse.json(200, kbankOrder);
        } catch (RuntimeException e) {
            Failures failure = Failures.classify(e);
            // A failure of ours: Sentry and the e-mail get its stack trace.
            String errorId = errors.log(new ErrorLogger.Failure(FUNCTION, orderId.value(), null,
                    failure.message(), failure.code(), event.raw(), null), failure.refusal() ? null : e);
            return error(500, e instanceof KBankException ? "kbank_unavailable" : "internal_error",
                    "the order could not be created now (reference " + errorId + ")");
        }
    }

    private static ApiGatewayResponse error(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return ApiGatewayResponse.json(status, body);
    }
}
