package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.Tables.CheckStatusItem;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The check-status table, {@code payment3-check-status-${BRANCH}}. */
public final class CheckStatusRepository {

    private final DynamoDbTable<CheckStatusItem> table;

    public CheckStatusRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.table = enhanced.table(tableName, CheckStatusItem.SCHEMA);
    }

    /** The newest check of an order; {@code success} is true when the stored flag or status says so, as in seed 001. */
    public Optional<CheckStatus> latest(String orderId) {
        return table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(orderId).build()))
                        .scanIndexForward(false).limit(1).consistentRead(true))
                .items().stream().findFirst()
                .map(i -> new CheckStatus(i.orderId, i.createdAt, i.chargeId, i.status,
                        Boolean.TRUE.equals(i.success) || "success".equals(i.status),
                        i.paymentMethod, i.amount == null ? null : Money.of(i.amount)));
    }

    /** Writes a check (used by the card functions and by tests). */
    public void record(CheckStatus status) {
        CheckStatusItem item = new CheckStatusItem();
        item.orderId = status.orderId();
        item.createdAt = status.createdAt();
        item.chargeId = status.chargeId();
        item.status = status.status();
        item.success = status.success();
        item.paymentMethod = status.paymentMethod();
        item.amount = status.amount() == null ? null : status.amount().amount();
        table.putItem(item);
    }
}
