package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.persistence.Tables.CallbackErrorItem;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/** The callback error log table, {@code payment3-callback-error-log-${BRANCH}}. */
public final class CallbackErrorLogRepository {

    private final DynamoDbTable<CallbackErrorItem> table;

    public CallbackErrorLogRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.table = enhanced.table(tableName, CallbackErrorItem.SCHEMA);
    }

    /** Writes one entry, marked unresolved. */
    public void record(CallbackError error) {
        CallbackErrorItem item = new CallbackErrorItem();
        item.errorId = error.errorId();
        item.createdAt = error.createdAt();
        item.functionName = error.functionName();
        item.orderId = error.orderId();
        item.chargeId = error.chargeId();
        item.error = error.error();
        item.errorType = error.errorType();
        item.event = StoredText.cap(error.rawEvent());
        item.responseData = error.responseData();
        item.resolved = false;
        table.putItem(item);
    }

    /** One entry by id. */
    public Optional<CallbackError> find(String errorId) {
        CallbackErrorItem i = table.getItem(Key.builder().partitionValue(errorId).build());
        return Optional.ofNullable(i).map(x -> new CallbackError(x.errorId, x.createdAt, x.functionName, x.orderId,
                x.chargeId, x.error, x.errorType, x.event, x.responseData));
    }

    /** Marks an entry resolved (replayed successfully, or settled by hand), with when and how. */
    public void markResolved(String errorId, java.time.Instant at, String how) {
        CallbackErrorItem item = table.getItem(Key.builder().partitionValue(errorId).build());
        if (item == null) {
            throw new IllegalArgumentException("no error log entry " + errorId);
        }
        item.resolved = true;
        item.responseData = how + " at " + PynamoFormats.dateTime(at);
        table.putItem(item);
    }

    /** Whether an entry is marked resolved. */
    public boolean isResolved(String errorId) {
        CallbackErrorItem item = table.getItem(Key.builder().partitionValue(errorId).build());
        return item != null && Boolean.TRUE.equals(item.resolved);
    }

    /** The unresolved entries, oldest first (a scan: for the replay tool, never on a request path). */
    public java.util.List<CallbackError> unresolved() {
        return table.scan().items().stream().filter(x -> !Boolean.TRUE.equals(x.resolved))
                .sorted(java.util.Comparator.comparing(x -> x.createdAt))
                .map(x -> new CallbackError(x.errorId, x.createdAt, x.functionName, x.orderId, x.chargeId, x.error,
                        x.errorType, x.event, x.responseData))
                .toList();
    }

    /** Every entry; for tests and the replay tool, never on a request path. */
    public java.util.List<CallbackError> scanAll() {
        return table.scan().items().stream().map(x -> new CallbackError(x.errorId, x.createdAt, x.functionName,
                x.orderId, x.chargeId, x.error, x.errorType, x.event, x.responseData)).toList();
    }
}
