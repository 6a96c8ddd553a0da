package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code payment3-qr-callback-record-${BRANCH}}: every QR callback received, hash {@code orderId},
 * range {@code created_at}, found by charge through {@code chargeId-index}.
 */
public final class QrCallbackRecordRepository {

    static final String ORDER_ID = "orderId";
    static final String CREATED_AT = "created_at";
    static final String CHARGE_ID = "chargeId";
    static final String CHARGE_ID_INDEX = "chargeId-index";
    static final String STATUS = "status";
    static final String AMOUNT = "amount";
    static final String OUTCOME = "outcome";
    static final String REASON = "reason";
    static final String EVENT = "event";
    static final String REQUEST_ID = "requestId";

    /** The table's model: the callback's ids and fields as received (texts), the raw event capped to fit an item. */
    static final Models.Lazy<TableSchema<QrCallbackRecord>> SCHEMA = Models.lazy(() -> Models.schema(
                    QrCallbackRecord.class,
                    QrCallbackRecord.Builder.class, QrCallbackRecord.Builder::new, QrCallbackRecord.Builder::build)
            .add(ORDER_ID, IdConverters.RECEIVED, QrCallbackRecord::orderId, QrCallbackRecord.Builder::orderId,
                    primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, QrCallbackRecord::createdAt, QrCallbackRecord.Builder::createdAt,
                    primarySortKey())
            .add(CHARGE_ID, IdConverters.RECEIVED, QrCallbackRecord::chargeId, QrCallbackRecord.Builder::chargeId,
                    secondaryPartitionKey(CHARGE_ID_INDEX))
            .add(STATUS, PynamoConverters.TEXT, QrCallbackRecord::status, QrCallbackRecord.Builder::status)
            .add(AMOUNT, PynamoConverters.TEXT, QrCallbackRecord::amount, QrCallbackRecord.Builder::amount)
            .add(OUTCOME, ReportOutcome.CALLBACK_RECORD, QrCallbackRecord::outcome, QrCallbackRecord.Builder::outcome)
            .add(REASON, PynamoConverters.TEXT, QrCallbackRecord::reason, QrCallbackRecord.Builder::reason)
            .add(EVENT, PynamoConverters.TEXT, r -> StoredText.cap(r.rawEvent()), QrCallbackRecord.Builder::rawEvent)
            .add(REQUEST_ID, PynamoConverters.TEXT, QrCallbackRecord::requestId, QrCallbackRecord.Builder::requestId)
            .build());

    private final Models.Lazy<DynamoDbTable<QrCallbackRecord>> callbacks;

    public QrCallbackRecordRepository(DynamoDbClient dynamoDb, String table) {
        this.callbacks = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** Records a callback; two callbacks of one order in the same microsecond both stay. */
    public QrCallbackRecord record(QrCallbackRecord record) {
        QrCallbackRecord stored = UniqueSortKey.put(callbacks.get(), ORDER_ID, record, record.createdAt(),
                (r, at) -> new QrCallbackRecord(r.orderId(), at, r.chargeId(), r.status(), r.amount(), r.outcome(),
                        r.reason(), r.rawEvent(), r.requestId()));
        return stored;
    }

    /** The callbacks of an order, oldest first. */
    public List<QrCallbackRecord> forOrder(OrderId orderId) {
        return Models.queryEqual(callbacks.get(), null, Models.key(orderId.value()));
    }

    /** The callbacks kept under one of {@link QrCallbackRecord#noOrderKeys} (callbacks with no usable order id), oldest first. */
    public List<QrCallbackRecord> withNoOrder(String noOrderKey) {
        if (!QrCallbackRecord.isNoOrder(noOrderKey)) {
            throw new IllegalArgumentException("not a key of callbacks with no usable order id");
        }
        return Models.queryEqual(callbacks.get(), null, Models.key(noOrderKey));
    }

    /** The callbacks that named a charge, oldest first (through the chargeId-index GSI). */
    public List<QrCallbackRecord> forCharge(ChargeId chargeId) {
        return Models.queryEqual(callbacks.get(), CHARGE_ID_INDEX, Models.key(chargeId.value()));
    }
}
