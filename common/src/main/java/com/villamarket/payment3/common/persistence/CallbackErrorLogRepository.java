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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
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
    static final String REPLAY_ATTEMPTS = "replay_attempts";
    static final String LAST_REPLAY_AT = "last_replay_at";
    static final String LAST_REPLAY_OUTCOME = "last_replay_outcome";
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

    /**
     * What replays made of an entry.
     *
     * @param attempts    how many replays were started
     * @param lastAt      when the last one was started or ended; null when never replayed
     * @param lastOutcome what the last one came to, or that it was started and said nothing more; null when never replayed
     */
    public record ReplayState(int attempts, Instant lastAt, String lastOutcome) {
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
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":at", Items.instant(at),
                            ":o", Items.s("replay started; no outcome recorded yet")))
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
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", Items.instant(at), ":o", Items.s(outcome)));
        String update = "SET #at = :at, #o = :o";
        if (close) {
            names.put("#r", RESOLVED);
            names.put("#d", RESPONSE_DATA);
            values.put(":t", AttributeValue.fromBool(true));
            values.put(":d", Items.s(outcome + " at " + PynamoFormats.dateTime(at)));
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
        AttributeValue attempts = item.get(REPLAY_ATTEMPTS);
        return Optional.of(new ReplayState(attempts == null ? 0 : Integer.parseInt(attempts.n()),
                item.containsKey(LAST_REPLAY_AT) ? Items.instant(item, LAST_REPLAY_AT) : null,
                Items.s(item, LAST_REPLAY_OUTCOME)));
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
