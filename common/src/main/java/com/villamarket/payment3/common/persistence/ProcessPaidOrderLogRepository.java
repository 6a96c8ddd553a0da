package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.persistence.Tables.ProcessPaidOrderItem;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The process-paid-order table, {@code payment3-process-paid-order-${BRANCH}}. */
public final class ProcessPaidOrderLogRepository {

    private final DynamoDbTable<ProcessPaidOrderItem> table;

    public ProcessPaidOrderLogRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.table = enhanced.table(tableName, ProcessPaidOrderItem.SCHEMA);
    }

    /**
     * Writes the one success row of an order, keyed by the moment the order was marked paid, so a
     * repeated call writes nothing.
     *
     * @return true when this call wrote it
     */
    public boolean recordSuccessOnce(ProcessPaidOrderLog log) {
        try {
            table.putItem(r -> r.item(toItem(log)).conditionExpression(UniqueSortKey.NEW_ITEM));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Writes a row for an attempt that did not pay the order (never overwrites another row). */
    public void recordAttempt(ProcessPaidOrderLog log) {
        ProcessPaidOrderItem item = toItem(log);
        UniqueSortKey.put(log.createdAt(), at -> {
            item.createdAt = at;
            table.putItem(r -> r.item(item).conditionExpression(UniqueSortKey.NEW_ITEM));
        });
    }

    /** The rows of an order, oldest first. */
    public List<ProcessPaidOrderLog> forOrder(String orderId) {
        return table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(orderId).build()))
                        .consistentRead(true))
                .items().stream()
                .map(i -> new ProcessPaidOrderLog(i.orderId, i.createdAt, i.data, Boolean.TRUE.equals(i.isError),
                        i.paymentType, i.chargeId, i.outcome, i.error))
                .toList();
    }

    private static ProcessPaidOrderItem toItem(ProcessPaidOrderLog log) {
        ProcessPaidOrderItem item = new ProcessPaidOrderItem();
        item.orderId = log.orderId();
        item.createdAt = log.createdAt();
        item.data = log.data();
        item.isError = log.isError();
        item.paymentType = log.paymentType();
        item.chargeId = log.chargeId();
        item.outcome = log.outcome();
        item.error = log.error();
        return item;
    }
}
