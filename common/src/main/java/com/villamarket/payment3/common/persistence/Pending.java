package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The sparse "pending" index of the payment tables: an item carries {@value #ATTRIBUTE} only while
 * its payment is unsettled, so the index {@value #INDEX} holds the unsettled payments alone and
 * reconciliation reads them without scanning years of settled history.
 */
final class Pending {

    /** Present (the payment kind) while a payment is unsettled; removed when it is settled. */
    static final String ATTRIBUTE = "payment3Pending";
    static final String INDEX = "pending-index";
    /** Every table with the index sorts it by this attribute, PynamoDB's creation datetime. */
    static final String CREATED_AT = "createdAt";
    /** What a settled payment came to, and when. */
    static final String OUTCOME = "payment3Outcome";
    static final String SETTLED_AT = "payment3SettledAt";

    private Pending() {
    }

    /** The items of {@code kind} pending since before {@code cutoff}, oldest first (the index is eventually consistent). */
    static List<Map<String, AttributeValue>> before(DynamoDbClient dynamoDb, String table, String kind, Instant cutoff) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(r -> r.tableName(table).indexName(INDEX)
                    .keyConditionExpression("#p = :kind AND #c < :cutoff")
                    .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#c", CREATED_AT))
                    .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind), ":cutoff", Items.instant(cutoff)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /**
     * Takes an item out of the index, recording what its payment came to; the first settlement wins.
     *
     * @return false when it was settled before
     */
    static boolean settle(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, String outcome, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("REMOVE #p SET #o = :o, #s = :s")
                    .conditionExpression("attribute_exists(#p)")
                    .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#o", OUTCOME, "#s", SETTLED_AT))
                    .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(outcome), ":s", Items.instant(at))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
