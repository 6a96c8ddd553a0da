package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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
