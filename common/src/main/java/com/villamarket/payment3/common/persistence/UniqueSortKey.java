package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
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
     * Puts {@code item} keyed by {@code at}, then by later microseconds while an item with that key exists.
     *
     * @param partitionKey the table's hash key attribute, which every existing item has
     * @param keyedAt      the item keyed by another time
     * @return the item as stored, keyed by the time that was free
     */
    static <T> T put(DynamoDbTable<T> table, String partitionKey, T item, Instant at, BiFunction<T, Instant, T> keyedAt) {
        Instant candidate = at.truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; ; attempt++) {
            T keyed = keyedAt.apply(item, candidate);
            try {
                table.putItem(absent(table, keyed, partitionKey));
                return keyed;
            } catch (ConditionalCheckFailedException e) {
                if (attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
                candidate = candidate.plus(1, ChronoUnit.MICROS);
            }
        }
    }

    /** Puts {@code item} (keyed by its own time) only if no item has that key: false when one has. */
    static <T> boolean putOnce(DynamoDbTable<T> table, String partitionKey, T item) {
        try {
            table.putItem(absent(table, item, partitionKey));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static <T> PutItemEnhancedRequest<T> absent(DynamoDbTable<T> table, T item, String partitionKey) {
        return PutItemEnhancedRequest.builder(table.tableSchema().itemType().rawClass()).item(item)
                .conditionExpression(Expression.builder().expression("attribute_not_exists(#pk)")
                        .putExpressionName("#pk", partitionKey).build())
                .build();
    }
}
