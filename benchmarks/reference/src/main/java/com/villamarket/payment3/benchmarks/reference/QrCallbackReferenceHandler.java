package com.villamarket.payment3.benchmarks.reference;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The QR callback written as the AWS documentation's examples write a handler, for the benchmark only: the
 * events library's API Gateway types, every SDK client built with {@code create()} (default HTTP client,
 * credential and region chains, endpoints from {@code AWS_ENDPOINT_URL_*}), the enhanced client with bean
 * schemas, a default ObjectMapper and the JDK's HTTP client for KBank. Its happy path does what qr-callback's
 * does: read the form and the order, confirm the charge with KBank, record the charge once, record the
 * callback, invoke ProcessPaidOrderInternal asynchronously, and send the browser to the thank-you page.
 */
public class QrCallbackReferenceHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigDecimal TOLERANCE = new BigDecimal("2.00");

    private final DynamoDbClient dynamoDb = DynamoDbClient.create();
    private final DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
    private final LambdaClient lambda = LambdaClient.create();
    // Built at start as the examples do; the error e-mail and the secret are not on the happy path.
    private final SesClient ses = SesClient.create();
    private final SecretsManagerClient secrets = SecretsManagerClient.create();
    private final HttpClient http = HttpClient.newHttpClient();

    private final String branch = System.getenv("BRANCH");
    private final DynamoDbTable<OrderItem> orders =
            enhanced.table(System.getenv("ORDER_TABLE_NAME"), TableSchema.fromBean(OrderItem.class));
    private final DynamoDbTable<QrPaymentItem> payments =
            enhanced.table("payment3-qr-payment-record-" + branch, TableSchema.fromBean(QrPaymentItem.class));
    private final DynamoDbTable<QrCallbackItem> callbacks =
            enhanced.table("payment3-qr-callback-record-" + branch, TableSchema.fromBean(QrCallbackItem.class));
    private String kbankKey;

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try {
            String body = event.getBody() == null ? "" : event.getBody();
            if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            Map<String, String> form = parseForm(body);
            String orderId = form.get("orderId");
            String chargeId = form.get("chargeId");
            BigDecimal amount = new BigDecimal(form.get("amount"));

            OrderItem order = orders.getItem(Key.builder().partitionValue(orderId).build());
            if (order == null) {
                return page(404, "Order not found");
            }
            BigDecimal total = MAPPER.readTree(order.getData()).path("grandTotal").decimalValue();

            JsonNode charge = kbankCharge(chargeId);
            BigDecimal paid = charge.path("amount").decimalValue();
            boolean confirmed = "success".equals(charge.path("status").asText())
                    && ("Authorized".equals(charge.path("transaction_state").asText())
                    || "Settled".equals(charge.path("transaction_state").asText()))
                    && paid.subtract(total).abs().compareTo(TOLERANCE) <= 0
                    && paid.subtract(amount).abs().compareTo(TOLERANCE) <= 0;
            if (!confirmed) {
                return page(402, "Payment not confirmed");
            }

            QrPaymentItem payment = new QrPaymentItem();
            payment.setTokenId(chargeId);
            payment.setOrderId(orderId);
            payment.setAmount(paid.toPlainString());
            payment.setCreatedAt(Instant.now().toString());
            payment.setPaid(true);
            boolean first = true;
            try {
                payments.putItem(PutItemEnhancedRequest.builder(QrPaymentItem.class).item(payment)
                        .conditionExpression(Expression.builder().expression("attribute_not_exists(tokenId)").build())
                        .build());
            } catch (ConditionalCheckFailedException e) {
                first = false;
            }

            QrCallbackItem callback = new QrCallbackItem();
            callback.setOrderId(orderId);
            callback.setCreatedAt(Instant.now() + "#" + UUID.randomUUID());
            callback.setChargeId(chargeId);
            callback.setStatus(form.get("status"));
            callback.setAmount(amount.toPlainString());
            callback.setOutcome(first ? "ACCEPTED" : "REPLAY");
            callback.setRawEvent(MAPPER.writeValueAsString(event));
            callbacks.putItem(callback);

            if (first) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("orderId", orderId);
                payload.put("paymentType", "qr");
                payload.put("success", true);
                payload.put("chargeId", chargeId);
                lambda.invoke(r -> r.functionName("payment3-process-paid-order-internal-" + branch)
                        .invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(writeJson(payload))));
            }
            String target = System.getenv("THANK_YOU_URL") + "?orderId=" + encode(orderId) + "&status=success&amount="
                    + encode(paid.toPlainString()) + "&chargeId=" + encode(chargeId);
            return page(200, "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url="
                    + target.replace("&", "&amp;") + "\"></head><body>Thank you</body></html>");
        } catch (Exception e) {
            context.getLogger().log("callback failed: " + e);
            return page(500, "Internal error");
        }
    }

    private JsonNode kbankCharge(String chargeId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(System.getenv("BASE_URL") + "/qr/v2/qr/" + encode(chargeId)))
                .header("x-api-key", kbankKey())
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("KBank answered " + response.statusCode());
        }
        return MAPPER.readTree(response.body());
    }

    private String kbankKey() throws Exception {
        if (kbankKey == null) {
            String fromEnv = System.getenv("KBANK_SECRET_KEY");
            kbankKey = fromEnv != null ? fromEnv
                    : MAPPER.readTree(secrets.getSecretValue(r -> r.secretId("kbank-" + branch)).secretString())
                            .path("secret_key").asText();
        }
        return kbankKey;
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String writeJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static APIGatewayProxyResponseEvent page(int status, String html) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "text/html; charset=utf-8"))
                .withBody(html);
    }
}
