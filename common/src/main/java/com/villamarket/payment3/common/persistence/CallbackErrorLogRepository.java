package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.pynamo.PynamoFormats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** {@code payment3-callback-error-log-${BRANCH}}: one item per failure, hash {@code errorId}, with its raw event for replay. */
public final class CallbackErrorLogRepository {

    static final String ERROR_ID = "errorId";
    static final String CREATED_AT = "created_at";
    static final String FUNCTION_NAME = "function_name";
    static final String ORDER_ID = "orderId";
    static final String CHARGE_ID = "chargeId";
    static final String ERROR = "error";
    static final String ERROR_TYPE = "error_type";
    static final String EVENT = "event";
    static final String RESPONSE_DATA = "response_data";
    static final String RESOLVED = "resolved";
    /** DynamoDB's limit on the operands of one IN. */
    static final int MAX_IN = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public CallbackErrorLogRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Writes one entry, marked unresolved. */
    public void record(CallbackError error) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ERROR_ID, Items.s(error.errorId()));
        item.put(CREATED_AT, Items.instant(error.createdAt()));
        Items.putS(item, FUNCTION_NAME, error.functionName());
        Items.putS(item, ORDER_ID, error.orderId());
        Items.putS(item, CHARGE_ID, error.chargeId());
        Items.putS(item, ERROR, error.error());
        Items.putS(item, ERROR_TYPE, error.errorType());
        Items.putS(item, EVENT, StoredText.cap(error.rawEvent()));
        Items.putS(item, RESPONSE_DATA, error.responseData());
        item.put(RESOLVED, AttributeValue.fromBool(false));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    /** One entry by id. */
    public Optional<CallbackError> find(String errorId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(errorId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toError(item));
    }

    /**
     * Marks an entry resolved (replayed successfully, or settled by hand), with when and how.
     *
     * @throws IllegalArgumentException when there is no such entry
     */
    public void markResolved(String errorId, Instant at, String how) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(errorId))
                    .updateExpression("SET #r = :t, #d = :d")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#r", RESOLVED, "#d", RESPONSE_DATA, "#id", ERROR_ID))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
                            ":d", Items.s(how + " at " + PynamoFormats.dateTime(at)))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalArgumentException("no error log entry " + errorId);
        }
    }

    /** Whether an entry is marked resolved. */
    public boolean isResolved(String errorId) {
        return find(errorId).map(CallbackError::resolved).orElse(false);
    }

    /** The unresolved entries, oldest first (a scan: for the replay tool, never on a request path). */
    public List<CallbackError> unresolved() {
        return scanAll().stream().filter(e -> !e.resolved())
                .sorted(Comparator.comparing(CallbackError::createdAt)).toList();
    }

    /**
     * What a bounded search of the log found.
     *
     * @param entries  the entries found, oldest first, without their raw events
     * @param scanned  how many entries were read to find them
     * @param complete whether the whole table was read; false when the bound stopped the scan first
     */
    public record Mentions(List<CallbackError> entries, long scanned, boolean complete) {
    }

    /**
     * The entries that name one of these orders or charges: a scan with a filter, stopped once
     * {@code maxScanned} entries were read. The table is keyed by {@code errorId} alone, so this reads
     * the table, whose size is its cost; for the operator's tools, never on a request path. The raw
     * events are left out (they can hold card tokens, and the story never shows them).
     *
     * @param orderIds  at most {@value #MAX_IN} are looked for
     * @param chargeIds at most {@value #MAX_IN} are looked for
     */
    public Mentions mentioning(Collection<String> orderIds, Collection<String> chargeIds, long maxScanned) {
        List<String> orders = orderIds.stream().distinct().limit(MAX_IN).toList();
        List<String> charges = chargeIds.stream().distinct().limit(MAX_IN).toList();
        if (orders.isEmpty() && charges.isEmpty()) {
            return new Mentions(List.of(), 0, true);
        }
        Map<String, String> names = new HashMap<>(Map.of("#id", ERROR_ID, "#at", CREATED_AT, "#fn", FUNCTION_NAME,
                "#o", ORDER_ID, "#c", CHARGE_ID, "#e", ERROR, "#t", ERROR_TYPE, "#rd", RESPONSE_DATA, "#r", RESOLVED));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        if (!orders.isEmpty()) {
            conditions.add("#o IN (" + placeholders(":o", orders, values) + ")");
        }
        if (!charges.isEmpty()) {
            conditions.add("#c IN (" + placeholders(":c", charges, values) + ")");
        }
        String filter = String.join(" OR ", conditions);
        List<CallbackError> found = new ArrayList<>();
        long scanned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).filterExpression(filter)
                    .projectionExpression("#id, #at, #fn, #o, #c, #e, #t, #rd, #r")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .exclusiveStartKey(from));
            page.items().stream().map(this::toError).forEach(found::add);
            scanned += page.scannedCount();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && scanned < maxScanned);
        found.sort(Comparator.comparing(CallbackError::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Mentions(List.copyOf(found), scanned, start == null);
    }

    private static String placeholders(String prefix, List<String> ids, Map<String, AttributeValue> values) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            values.put(prefix + i, Items.s(ids.get(i)));
            keys.add(prefix + i);
        }
        return String.join(", ", keys);
    }

    /** Every entry; for tests and the operator's tools, never on a request path. */
    public List<CallbackError> scanAll() {
        return dynamoDb.scanPaginator(r -> r.tableName(table)).items().stream().map(this::toError).toList();
    }


    private static Map<String, AttributeValue> key(String errorId) {
        return Map.of(ERROR_ID, Items.s(errorId));
    }

    private CallbackError toError(Map<String, AttributeValue> item) {
        return Items.read(table, item, i -> new CallbackError(Items.s(i, ERROR_ID), Items.instant(i, CREATED_AT),
                Items.s(i, FUNCTION_NAME), Items.s(i, ORDER_ID), Items.s(i, CHARGE_ID), Items.s(i, ERROR),
                Items.s(i, ERROR_TYPE), Items.s(i, EVENT), Items.s(i, RESPONSE_DATA), Items.bool(i, RESOLVED)));
    }
}
