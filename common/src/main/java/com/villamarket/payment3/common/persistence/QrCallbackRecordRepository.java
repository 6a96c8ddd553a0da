package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.persistence.Tables.QrCallbackRecordItem;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The QR callback record table, {@code payment3-qr-callback-record-${BRANCH}}: every callback received. */
public final class QrCallbackRecordRepository {

    private final DynamoDbTable<QrCallbackRecordItem> table;
    private final DynamoDbIndex<QrCallbackRecordItem> byCharge;

    public QrCallbackRecordRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.table = enhanced.table(tableName, QrCallbackRecordItem.SCHEMA);
        this.byCharge = table.index(QrCallbackRecordItem.CHARGE_ID_INDEX);
    }

    /** Records a callback; two callbacks of one order in the same microsecond both stay. */
    public QrCallbackRecord record(QrCallbackRecord record) {
        QrCallbackRecordItem item = new QrCallbackRecordItem();
        item.orderId = record.orderId();
        item.chargeId = record.chargeId();
        item.status = record.status();
        item.amount = record.amount();
        item.outcome = record.outcome();
        item.reason = record.reason();
        item.event = StoredText.cap(record.rawEvent());
        item.requestId = record.requestId();
        Instant at = UniqueSortKey.put(record.createdAt(), createdAt -> {
            item.createdAt = createdAt;
            table.putItem(r -> r.item(item).conditionExpression(UniqueSortKey.NEW_ITEM));
        });
        return new QrCallbackRecord(record.orderId(), at, record.chargeId(), record.status(), record.amount(),
                record.outcome(), record.reason(), record.rawEvent(), record.requestId());
    }

    /** The callbacks of an order, oldest first. */
    public List<QrCallbackRecord> forOrder(String orderId) {
        return table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(orderId).build()))
                        .consistentRead(true))
                .items().stream().map(QrCallbackRecordRepository::toRecord).toList();
    }

    /** The callbacks that named a charge, oldest first (through the chargeId-index GSI). */
    public List<QrCallbackRecord> forCharge(String chargeId) {
        return byCharge.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(chargeId).build())))
                .stream().flatMap(page -> page.items().stream()).map(QrCallbackRecordRepository::toRecord).toList();
    }

    private static QrCallbackRecord toRecord(QrCallbackRecordItem i) {
        return new QrCallbackRecord(i.orderId, i.createdAt, i.chargeId, i.status, i.amount, i.outcome, i.reason,
                i.event, i.requestId);
    }
}
