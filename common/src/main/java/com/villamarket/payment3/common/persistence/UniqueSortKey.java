package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Puts log items whose sort key is a timestamp without ever overwriting one: when the key is taken
 * (two writes in one microsecond), the next microsecond is tried.
 */
final class UniqueSortKey {

    private static final int ATTEMPTS = 50;

    private UniqueSortKey() {
    }

    /**
     * Puts {@code item} with {@code sortKey} set to {@code at}, then to later microseconds while an
     * item with that key exists.
     *
     * @param partitionKey the table's hash key attribute, which every existing item has
     * @return the timestamp that was stored
     */
    static Instant put(DynamoDbClient dynamoDb, String table, String partitionKey, String sortKey,
            Map<String, AttributeValue> item, Instant at) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        Instant candidate = at.truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; ; attempt++) {
            copy.put(sortKey, Items.instant(candidate));
            try {
                dynamoDb.putItem(r -> r.tableName(table).item(copy)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", partitionKey)));
                return candidate;
            } catch (ConditionalCheckFailedException e) {
                if (attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
                candidate = candidate.plus(1, ChronoUnit.MICROS);
            }
        }
    }

    /** Puts {@code item} keyed by {@code at} only if no item has that key: false when one has. */
    static boolean putOnce(DynamoDbClient dynamoDb, String table, String partitionKey, String sortKey,
            Map<String, AttributeValue> item, Instant at) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(sortKey, Items.instant(at));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(copy)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", partitionKey)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
