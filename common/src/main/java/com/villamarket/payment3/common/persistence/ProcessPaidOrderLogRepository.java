package com.villamarket.payment3.common.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code payment3-process-paid-order-${BRANCH}}: every processing attempt, hash {@code orderId}, range {@code created_at}. */
public final class ProcessPaidOrderLogRepository {

    static final String ORDER_ID = "orderId";
    static final String CREATED_AT = "created_at";
    static final String DATA = "data";
    static final String IS_ERROR = "is_error";
    static final String PAYMENT_TYPE = "paymentType";
    static final String CHARGE_ID = "chargeId";
    static final String OUTCOME = "outcome";
    static final String ERROR = "error";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ProcessPaidOrderLogRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * Writes the one success row of an order, keyed by the moment the order was marked paid, so a
     * repeated call writes nothing.
     *
     * @return true when this call wrote it
     */
    public boolean recordSuccessOnce(ProcessPaidOrderLog log) {
        return UniqueSortKey.putOnce(dynamoDb, table, ORDER_ID, CREATED_AT, item(log), log.createdAt());
    }

    /** Writes a row for an attempt that did not pay the order (never overwrites another row). */
    public void recordAttempt(ProcessPaidOrderLog log) {
        UniqueSortKey.put(dynamoDb, table, ORDER_ID, CREATED_AT, item(log), log.createdAt());
    }

    /** The rows of an order, oldest first. */
    public List<ProcessPaidOrderLog> forOrder(String orderId) {
        return Items.queryEqual(dynamoDb, table, null, ORDER_ID, orderId)
                .map(item -> Items.read(table, item, i -> new ProcessPaidOrderLog(Items.s(i, ORDER_ID),
                        Items.instant(i, CREATED_AT), Items.s(i, DATA), Items.bool(i, IS_ERROR), Items.s(i, PAYMENT_TYPE),
                        Items.s(i, CHARGE_ID), Items.s(i, OUTCOME), Items.s(i, ERROR))))
                .toList();
    }

    private static Map<String, AttributeValue> item(ProcessPaidOrderLog log) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ORDER_ID, Items.s(log.orderId()));
        Items.putS(item, DATA, log.data());
        item.put(IS_ERROR, AttributeValue.fromBool(log.isError()));
        Items.putS(item, PAYMENT_TYPE, log.paymentType());
        Items.putS(item, CHARGE_ID, log.chargeId());
        Items.putS(item, OUTCOME, log.outcome());
        Items.putS(item, ERROR, log.error());
        return item;
    }
}
