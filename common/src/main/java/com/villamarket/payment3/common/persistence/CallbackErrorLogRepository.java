package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import com.villamarket.payment3.common.pynamo.PynamoFormats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

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
    static final String REPLAY_ATTEMPTS = "replay_attempts";
    static final String LAST_REPLAY_AT = "last_replay_at";
    static final String LAST_REPLAY_OUTCOME = "last_replay_outcome";
    /** DynamoDB's limit on the operands of one IN. */
    static final int MAX_IN = 100;

    /**
     * The table's model, as the Python stack's error log stores an entry: snake_case names, the order and charge as
     * received (any text), {@code resolved} a BOOL.
     */
    static final Models.Lazy<TableSchema<CallbackError>> SCHEMA = Models.lazy(() -> Models.schema(
                    CallbackError.class, CallbackError.Builder.class,
                    CallbackError.Builder::new, CallbackError.Builder::build)
            .add(ERROR_ID, PynamoConverters.TEXT, CallbackError::errorId, CallbackError.Builder::errorId,
                    primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, CallbackError::createdAt, CallbackError.Builder::createdAt)
            .add(FUNCTION_NAME, PynamoConverters.TEXT, CallbackError::functionName, CallbackError.Builder::functionName)
            .add(ORDER_ID, IdConverters.RECEIVED, CallbackError::orderId, CallbackError.Builder::orderId)
            .add(CHARGE_ID, IdConverters.RECEIVED, CallbackError::chargeId, CallbackError.Builder::chargeId)
            .add(ERROR, PynamoConverters.TEXT, CallbackError::error, CallbackError.Builder::error)
            .add(ERROR_TYPE, PynamoConverters.TEXT, CallbackError::errorType, CallbackError.Builder::errorType)
            .add(EVENT, PynamoConverters.TEXT, e -> StoredText.cap(e.rawEvent()), CallbackError.Builder::rawEvent)
            .add(RESPONSE_DATA, PynamoConverters.TEXT, CallbackError::responseData, CallbackError.Builder::responseData)
            .add(RESOLVED, PynamoConverters.BOOL, CallbackError::resolved, CallbackError.Builder::resolved)
            .build());

    /** What replays made of an entry, read from the same items (our attributes beside the Python stack's). */
    static final Models.Lazy<TableSchema<ReplayState>> REPLAY_SCHEMA = Models.lazy(() -> Models.schema(
                    ReplayState.class, ReplayState.Builder.class,
                    ReplayState.Builder::new, ReplayState.Builder::build)
            .add(REPLAY_ATTEMPTS, PynamoConverters.DECIMAL, s -> BigDecimal.valueOf(s.attempts()),
                    (b, n) -> b.attempts = n.intValueExact())
            .add(LAST_REPLAY_AT, PynamoConverters.DATE_TIME, ReplayState::lastAt, (b, at) -> b.lastAt = at)
            .add(LAST_REPLAY_OUTCOME, PynamoConverters.TEXT, ReplayState::lastOutcome, (b, o) -> b.lastOutcome = o)
            .build());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Models.Lazy<DynamoDbTable<CallbackError>> entries;

    public CallbackErrorLogRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.entries = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** Writes one entry, marked unresolved. */
    public void record(CallbackError error) {
        entries.get().putItem(new CallbackError(error.errorId(), error.createdAt(), error.functionName(), error.orderId(),
                error.chargeId(), error.error(), error.errorType(), error.rawEvent(), error.responseData(), false));
    }

    /** One entry by id. */
    public Optional<CallbackError> find(String errorId) {
        return Optional.ofNullable(Models.read(table, () -> entries.get().getItem(r -> r.key(Models.key(errorId)).consistentRead(true))));
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
                            ":d", AttributeValue.fromS(how + " at " + PynamoFormats.dateTime(at)))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalArgumentException("no error log entry " + errorId);
        }
    }

    /**
     * What replays made of an entry.
     *
     * @param attempts    how many replays were started
     * @param lastAt      when the last one was started or ended; null when never replayed
     * @param lastOutcome what the last one came to, or that it was started and said nothing more; null when never replayed
     */
    public record ReplayState(int attempts, Instant lastAt, String lastOutcome) {

        /** Builds what replays made of an entry as {@link #REPLAY_SCHEMA} reads it; never replayed when nothing is stored. */
        static final class Builder {
            private int attempts;
            private Instant lastAt;
            private String lastOutcome;

            ReplayState build() {
                return new ReplayState(attempts, lastAt, lastOutcome);
            }
        }
    }

    /**
     * Counts a replay of an entry as started, before its function is invoked, so that a replay killed before
     * it learns the outcome still leaves its trace on the entry.
     *
     * @return the attempts so far, this one included
     * @throws IllegalArgumentException when there is no such entry
     */
    public int startReplay(String errorId, Instant at) {
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(r -> r.tableName(table).key(key(errorId))
                    .updateExpression("ADD #n :one SET #at = :at, #o = :o")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#n", REPLAY_ATTEMPTS, "#at", LAST_REPLAY_AT, "#o", LAST_REPLAY_OUTCOME,
                            "#id", ERROR_ID))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":at", PynamoConverters.DATE_TIME.transformFrom(at),
                            ":o", AttributeValue.fromS("replay started; no outcome recorded yet")))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            return Integer.parseInt(updated.get(REPLAY_ATTEMPTS).n());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalArgumentException("no error log entry " + errorId);
        }
    }

    /**
     * Records what a replay of an entry came to, on the entry; {@code close} also marks it resolved (a success,
     * or a refusal refused again, which no replay can change). An entry that is gone is left gone.
     */
    public void recordReplayOutcome(String errorId, Instant at, String outcome, boolean close) {
        Map<String, String> names = new HashMap<>(Map.of("#at", LAST_REPLAY_AT, "#o", LAST_REPLAY_OUTCOME, "#id", ERROR_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", PynamoConverters.DATE_TIME.transformFrom(at),
                ":o", AttributeValue.fromS(outcome)));
        String update = "SET #at = :at, #o = :o";
        if (close) {
            names.put("#r", RESOLVED);
            names.put("#d", RESPONSE_DATA);
            values.put(":t", AttributeValue.fromBool(true));
            values.put(":d", AttributeValue.fromS(outcome + " at " + PynamoFormats.dateTime(at)));
            update += ", #r = :t, #d = :d";
        }
        String expression = update;
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(errorId)).updateExpression(expression)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalArgumentException("no error log entry " + errorId);
        }
    }

    /** What replays made of an entry; empty when there is no such entry. */
    public Optional<ReplayState> replayState(String errorId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(errorId)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        // An entry never replayed has none of the attributes: an empty state, not none.
        return Optional.of(Models.read(table, () -> REPLAY_SCHEMA.get().mapToItem(item, true)));
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
    public Mentions mentioning(Collection<OrderId> orderIds, Collection<ChargeId> chargeIds, long maxScanned) {
        List<String> orders = orderIds.stream().map(OrderId::value).distinct().limit(MAX_IN).toList();
        List<String> charges = chargeIds.stream().map(ChargeId::value).distinct().limit(MAX_IN).toList();
        if (orders.isEmpty() && charges.isEmpty()) {
            return new Mentions(List.of(), 0, true);
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        if (!orders.isEmpty()) {
            names.put("#o", ORDER_ID);
            conditions.add("#o IN (" + placeholders(":o", orders, values) + ")");
        }
        if (!charges.isEmpty()) {
            names.put("#c", CHARGE_ID);
            conditions.add("#c IN (" + placeholders(":c", charges, values) + ")");
        }
        ScanEnhancedRequest request = ScanEnhancedRequest.builder()
                .filterExpression(Expression.builder().expression(String.join(" OR ", conditions))
                        .expressionNames(names).expressionValues(values).build())
                .attributesToProject(ERROR_ID, CREATED_AT, FUNCTION_NAME, ORDER_ID, CHARGE_ID, ERROR, ERROR_TYPE,
                        RESPONSE_DATA, RESOLVED)
                .build();
        List<CallbackError> found = new ArrayList<>();
        long scanned = 0;
        boolean complete = true;
        // Pages are read one by one as the loop goes: stopping here reads no further page.
        Iterator<Page<CallbackError>> pages = Models.read(table, () -> entries.get().scan(request).iterator());
        while (Models.read(table, pages::hasNext)) {
            Page<CallbackError> page = Models.read(table, pages::next);
            found.addAll(page.items());
            scanned += page.scannedCount();
            complete = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty();
            if (scanned >= maxScanned) {
                break;
            }
        }
        found.sort(Comparator.comparing(CallbackError::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Mentions(List.copyOf(found), scanned, complete);
    }

    private static String placeholders(String prefix, List<String> ids, Map<String, AttributeValue> values) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            values.put(prefix + i, AttributeValue.fromS(ids.get(i)));
            keys.add(prefix + i);
        }
        return String.join(", ", keys);
    }

    /** Every entry; for tests and the operator's tools, never on a request path. */
    public List<CallbackError> scanAll() {
        return Models.read(table, () -> entries.get().scan().items().stream().toList());
    }

    /** The key as the low-level client's conditional updates name it. */
    private static Map<String, AttributeValue> key(String errorId) {
        return Map.of(ERROR_ID, AttributeValue.fromS(errorId));
    }
}
