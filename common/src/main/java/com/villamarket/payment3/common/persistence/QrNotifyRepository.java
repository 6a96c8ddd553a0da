package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** KBank's QR payment notifications as received, {@code payment3-qr-notify-${BRANCH}}: hash partnerTxnUid, range created_at. */
public final class QrNotifyRepository {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public QrNotifyRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * Records one notification and what became of it; never overwrites another.
     *
     * @param partnerTxnUid the notification's id, or "-" when it had none usable
     */
    public void record(String partnerTxnUid, Instant at, String statusCode, String outcome, String reason, String rawEvent) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("partnerTxnUid", AttributeValue.fromS(partnerTxnUid));
        item.put("statusCode", AttributeValue.fromS(statusCode == null ? "" : statusCode));
        item.put("outcome", AttributeValue.fromS(outcome));
        if (reason != null) {
            item.put("reason", AttributeValue.fromS(reason));
        }
        item.put("event", AttributeValue.fromS(StoredText.cap(rawEvent)));
        Instant candidate = at;
        for (int attempt = 0; attempt < 50; attempt++) {
            item.put(Tables.CREATED_AT_SNAKE, AttributeValue.fromS(PynamoFormats.dateTime(candidate)));
            try {
                dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(partnerTxnUid)"));
                return;
            } catch (ConditionalCheckFailedException e) {
                candidate = candidate.plusNanos(1_000);
            }
        }
        throw new IllegalStateException("could not record the QR notification " + partnerTxnUid);
    }

    /** The outcomes recorded for a notification id, oldest first. */
    public List<String> outcomes(String partnerTxnUid) {
        return dynamoDb.query(r -> r.tableName(tableName).keyConditionExpression("partnerTxnUid = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partnerTxnUid))).consistentRead(true))
                .items().stream().map(i -> i.get("outcome").s()).toList();
    }
}
