package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

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
    /** The outcome as stored, by its name; a name this build does not know reads as {@link SettledAs#UNKNOWN}. */
    static final AttributeConverter<SettledAs> SETTLED_AS = PynamoConverters.named(SettledAs.class, SettledAs.UNKNOWN);
    /** Items per query page when reading the index newest first. */
    static final int PAGE_SIZE = 50;

    private Pending() {
    }

    /** A payment table's model as the index sees it: when it was made, whether it is unsettled, what it came to. */
    interface Entry {
        Instant createdAt();

        boolean pending();

        SettledAs outcome();
    }

    /**
     * The index's part of a payment table's model builder: what {@link #attributes} reads into it. An item
     * without our attributes (the Python stack's) reads as not pending and never settled.
     */
    abstract static class EntryBuilder {
        Instant createdAt;
        boolean pending;
        SettledAs outcome;

        void createdAt(Instant value) {
            createdAt = value;
        }

        /** The pending marker holds the payment kind; any value means pending. */
        void pendingKind(String value) {
            pending = value != null;
        }

        void outcome(SettledAs value) {
            outcome = value;
        }
    }

    /**
     * The index's attributes in the schema of a payment table whose payments are of {@code kind}: the creation
     * time (the index's sort key), the marker (its partition key, present while pending) and the outcome.
     */
    static <T extends Entry, B extends EntryBuilder> UnaryOperator<Models.Schema<T, B>> attributes(String kind) {
        return schema -> schema
                .add(CREATED_AT, PynamoConverters.DATE_TIME, Entry::createdAt, EntryBuilder::createdAt,
                        secondarySortKey(INDEX))
                .add(ATTRIBUTE, PynamoConverters.TEXT, entry -> entry.pending() ? kind : null, EntryBuilder::pendingKind,
                        secondaryPartitionKey(INDEX))
                .add(OUTCOME, SETTLED_AS, Entry::outcome, EntryBuilder::outcome);
    }

    /** One page of a scan: the items that passed its filter, and DynamoDB's last evaluated key (null at the end). */
    record ScanPage(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey) {
    }

    /**
     * One page of a scan of the whole table for the items that carry neither the pending marker nor an outcome, and
     * match {@code filter} too: what the Python stack wrote, which never entered the index. At most {@code limit}
     * items are evaluated (before the filter); for the one-off adoption at switch-over, never on a request path.
     *
     * @param filter a further condition, over {@code names} and {@code values}; null for none
     * @param from   the key to go on after; null from the start
     */
    static ScanPage unmarked(DynamoDbClient dynamoDb, String table, String filter, Map<String, String> names,
            Map<String, AttributeValue> values, Map<String, AttributeValue> from, int limit) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#p", ATTRIBUTE);
        allNames.put("#o", OUTCOME);
        String expression = "attribute_not_exists(#p) AND attribute_not_exists(#o)" + (filter == null ? "" : " AND " + filter);
        ScanResponse page = dynamoDb.scan(r -> r.tableName(table).filterExpression(expression)
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .limit(limit).exclusiveStartKey(from));
        return new ScanPage(page.items(), page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey() : null);
    }

    /**
     * Puts an item that carries neither the pending marker nor an outcome into the pending index as {@code kind}
     * (it needs its creation time, the index's sort key).
     *
     * @return false when the item carries either already, or has no creation time
     */
    static boolean mark(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, String kind) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET #p = :kind")
                    .conditionExpression("attribute_exists(#c) AND attribute_not_exists(#p) AND attribute_not_exists(#o)")
                    .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#o", OUTCOME, "#c", CREATED_AT))
                    .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Puts an item that carries no creation time, no pending marker and no outcome (the Python stack's card records)
     * into the pending index as {@code kind}, with {@code createdAt} as its creation time, the index's sort key.
     *
     * @return false when the item carries any of them already
     */
    static boolean markAt(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, String kind,
            Instant createdAt) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET #p = :kind, #c = :created")
                    .conditionExpression("attribute_exists(#k) AND attribute_not_exists(#c) AND attribute_not_exists(#p)"
                            + " AND attribute_not_exists(#o)")
                    .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#o", OUTCOME, "#c", CREATED_AT,
                            "#k", key.keySet().iterator().next()))
                    .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind),
                            ":created", PynamoConverters.DATE_TIME.transformFrom(createdAt))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
                    .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind),
                            ":cutoff", PynamoConverters.DATE_TIME.transformFrom(cutoff)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /**
     * The items of {@code kind} pending since before {@code cutoff}, newest first, read a page of
     * {@code pageSize} at a time as the caller goes on: a caller that stops early has read one page past
     * what it took, never the whole index.
     */
    static <T> Iterator<T> newestFirst(DynamoDbClient dynamoDb, String table, String kind, Instant cutoff, int pageSize,
            Function<Map<String, AttributeValue>, T> map) {
        return new Iterator<>() {
            private Iterator<Map<String, AttributeValue>> page = List.<Map<String, AttributeValue>>of().iterator();
            private Map<String, AttributeValue> start;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    Map<String, AttributeValue> from = start;
                    QueryResponse answer = dynamoDb.query(r -> r.tableName(table).indexName(INDEX)
                            .keyConditionExpression("#p = :kind AND #c < :cutoff")
                            .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#c", CREATED_AT))
                            .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind),
                                    ":cutoff", PynamoConverters.DATE_TIME.transformFrom(cutoff)))
                            .scanIndexForward(false).limit(pageSize).exclusiveStartKey(from));
                    page = answer.items().iterator();
                    start = answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty()
                            ? answer.lastEvaluatedKey() : null;
                    last = start == null;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return map.apply(page.next());
            }
        };
    }

    /**
     * How many items of {@code kind} are pending since {@code upTo} or before, and the oldest one's
     * creation time: a count query (no item is read back) and one item, oldest first.
     */
    static Left left(DynamoDbClient dynamoDb, String table, String kind, Instant upTo) {
        Map<String, String> names = Map.of("#p", ATTRIBUTE, "#c", CREATED_AT);
        Map<String, AttributeValue> values = Map.of(":kind", AttributeValue.fromS(kind),
                ":upTo", PynamoConverters.DATE_TIME.transformFrom(upTo));
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(r -> r.tableName(table).indexName(INDEX)
                    .keyConditionExpression("#p = :kind AND #c <= :upTo").expressionAttributeNames(names)
                    .expressionAttributeValues(values).select(Select.COUNT).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        if (count == 0) {
            return Left.NONE;
        }
        List<Map<String, AttributeValue>> oldest = dynamoDb.query(r -> r.tableName(table).indexName(INDEX)
                .keyConditionExpression("#p = :kind AND #c <= :upTo").expressionAttributeNames(names)
                .expressionAttributeValues(values).scanIndexForward(true).limit(1)).items();
        AttributeValue createdAt = oldest.isEmpty() ? null : oldest.get(0).get(CREATED_AT);
        return new Left(count, createdAt == null ? null : PynamoConverters.DATE_TIME.transformTo(createdAt));
    }

    /**
     * Takes an item out of the index, recording what its payment came to; the first settlement wins.
     *
     * @return false when it was settled before
     * @throws IllegalArgumentException for {@link SettledAs#UNKNOWN}, which is only ever read
     */
    static boolean settle(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, SettledAs outcome, Instant at) {
        if (outcome == SettledAs.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is what an unknown stored outcome reads as, never one to store");
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("REMOVE #p SET #o = :o, #s = :s")
                    .conditionExpression("attribute_exists(#p)")
                    .expressionAttributeNames(Map.of("#p", ATTRIBUTE, "#o", OUTCOME, "#s", SETTLED_AT))
                    .expressionAttributeValues(Map.of(":o", SETTLED_AS.transformFrom(outcome),
                            ":s", PynamoConverters.DATE_TIME.transformFrom(at))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
