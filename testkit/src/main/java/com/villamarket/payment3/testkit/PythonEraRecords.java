package com.villamarket.payment3.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items exactly as the Python stack's PynamoDB models store them, for flows that begin there and end
 * here: their attribute names and types only (no attribute of this suite), {@code UTCDateTimeAttribute}
 * strings such as {@code 2024-05-01T10:00:00.000000+0000}, and an order's {@code data} as a JSON string
 * ({@code JSONAttribute}). Written with the plain client, never through this suite's repositories.
 */
public final class PythonEraRecords {

    /** PynamoDB's {@code UTCDateTimeAttribute} format. */
    private static final DateTimeFormatter UTC_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;

    public PythonEraRecords(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** A time as PynamoDB's {@code UTCDateTimeAttribute} writes it. */
    public static String utcDateTime(Instant at) {
        return UTC_DATE_TIME.format(at);
    }

    /** An order of the order table: {@code orderId} and {@code data}, a JSON string. */
    public void order(String table, String orderId, String dataJson) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "orderId", AttributeValue.fromS(orderId),
                "data", AttributeValue.fromS(dataJson))));
    }

    /**
     * A card payment record as the Python card-token and callback leave it: {@code tokenId},
     * {@code orderId}, {@code chargeId} (absent until the Python callback set it), {@code status}
     * (paid, a boolean) and {@code checksumVerified}; no amount, no creation time, no pending marker.
     *
     * @param chargeId null when the Python stack never learnt it
     */
    public void cardPaymentRecord(String table, String tokenId, String orderId, String chargeId, boolean status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tokenId", AttributeValue.fromS(tokenId));
        item.put("orderId", AttributeValue.fromS(orderId));
        if (chargeId != null) {
            item.put("chargeId", AttributeValue.fromS(chargeId));
        }
        item.put("status", AttributeValue.fromBool(status));
        item.put("checksumVerified", AttributeValue.fromBool(false));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * A QR payment record as the Python QR callback saves it once KBank said the charge paid, before it hands the
     * order on: {@code tokenId} (the charge id), {@code orderId}, {@code chargeId}, {@code status} (KBank's success,
     * a boolean), {@code createdAt} ({@code UTCDateTimeAttribute}) and {@code paidAmount} (a number); no pending
     * marker, no hand-on step, no outcome.
     */
    public void qrPaymentRecord(String table, String chargeId, String orderId, boolean status, String paidAmount,
            Instant createdAt) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "tokenId", AttributeValue.fromS(chargeId),
                "orderId", AttributeValue.fromS(orderId),
                "chargeId", AttributeValue.fromS(chargeId),
                "status", AttributeValue.fromBool(status),
                "createdAt", AttributeValue.fromS(utcDateTime(createdAt)),
                "paidAmount", AttributeValue.fromN(paidAmount))));
    }

    /**
     * A callback error log entry as the Python stack's {@code log_callback_error} writes it: {@code errorId},
     * {@code created_at} ({@code UTCDateTimeAttribute}), {@code function_name}, {@code orderId} and {@code chargeId}
     * (left out when unknown, as PynamoDB leaves out a null), {@code error} (the exception's text) and {@code event}
     * (the Lambda event, a JSON string); no error type, no resolved flag, no replay state of ours.
     *
     * @param orderId  null when the Python function never parsed one
     * @param chargeId null when the Python function never parsed one
     */
    public void callbackError(String table, String errorId, Instant createdAt, String functionName, String orderId,
            String chargeId, String error, String eventJson) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("errorId", AttributeValue.fromS(errorId));
        item.put("created_at", AttributeValue.fromS(utcDateTime(createdAt)));
        item.put("function_name", AttributeValue.fromS(functionName));
        if (orderId != null) {
            item.put("orderId", AttributeValue.fromS(orderId));
        }
        if (chargeId != null) {
            item.put("chargeId", AttributeValue.fromS(chargeId));
        }
        item.put("error", AttributeValue.fromS(error));
        item.put("event", AttributeValue.fromS(eventJson));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * A KBank QR order as the Python kbank-create-order records it on the shared KBank order table:
     * {@code referenceOrder} (the {@code reference_order} it sent KBank), {@code orderId}, {@code kbankOrderId},
     * {@code amount} (a number) and {@code sourceType}; no creation time, no pending marker.
     */
    public void kbankOrder(String table, String referenceOrder, String orderId, String kbankOrderId, String amount,
            String sourceType) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "referenceOrder", AttributeValue.fromS(referenceOrder),
                "orderId", AttributeValue.fromS(orderId),
                "kbankOrderId", AttributeValue.fromS(kbankOrderId),
                "amount", AttributeValue.fromN(amount),
                "sourceType", AttributeValue.fromS(sourceType))));
    }

    /** A KBank user mapping: the shop's owner id to KBank's customer id ({@code kbank_id}). */
    public void kbankUserMapping(String table, String ownerId, String kbankId) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "ownerId", AttributeValue.fromS(ownerId),
                "kbank_id", AttributeValue.fromS(kbankId))));
    }
}
