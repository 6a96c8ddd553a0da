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

    /** A KBank user mapping: the shop's owner id to KBank's customer id ({@code kbank_id}). */
    public void kbankUserMapping(String table, String ownerId, String kbankId) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                "ownerId", AttributeValue.fromS(ownerId),
                "kbank_id", AttributeValue.fromS(kbankId))));
    }
}
