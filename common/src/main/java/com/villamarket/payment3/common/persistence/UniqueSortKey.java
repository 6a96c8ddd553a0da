package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Puts log items whose sort key is a timestamp without ever overwriting one: when the key is taken
 * (two writes in one microsecond), the next microsecond is tried.
 */
final class UniqueSortKey {

    /** The put condition: no item with this key yet. */
    static final Expression NEW_ITEM = Expression.builder()
            .expression("attribute_not_exists(#pk)")
            .putExpressionName("#pk", Tables.ORDER_ID)
            .build();

    private static final int ATTEMPTS = 50;

    private UniqueSortKey() {
    }

    /**
     * Calls {@code put} with {@code at}, then later microseconds while it fails its condition.
     *
     * @return the timestamp that was stored
     */
    static Instant put(Instant at, Consumer<Instant> put) {
        Instant candidate = at.truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; ; attempt++) {
            try {
                put.accept(candidate);
                return candidate;
            } catch (ConditionalCheckFailedException e) {
                if (attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
                candidate = candidate.plus(1, ChronoUnit.MICROS);
            }
        }
    }
}
