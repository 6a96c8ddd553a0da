package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    private final DynamoDbClient dynamoDb;
    private final String table;

    public QrCallbackRecordRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records a callback; two callbacks of one order in the same microsecond both stay. */
    public QrCallbackRecord record(QrCallbackRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ORDER_ID, Items.s(record.orderId()));
        Items.putS(item, CHARGE_ID, record.chargeId());
        Items.putS(item, STATUS, record.status());
        Items.putS(item, AMOUNT, record.amount());
        Items.putS(item, OUTCOME, record.outcome());
        Items.putS(item, REASON, record.reason());
        Items.putS(item, EVENT, StoredText.cap(record.rawEvent()));
        Items.putS(item, REQUEST_ID, record.requestId());
        Instant at = UniqueSortKey.put(dynamoDb, table, ORDER_ID, CREATED_AT, item, record.createdAt());
        return new QrCallbackRecord(record.orderId(), at, record.chargeId(), record.status(), record.amount(),
                record.outcome(), record.reason(), record.rawEvent(), record.requestId());
    }

    /** The callbacks of an order, oldest first. */
    public List<QrCallbackRecord> forOrder(String orderId) {
        return Items.queryEqual(dynamoDb, table, null, ORDER_ID, orderId).map(this::toRecord).toList();
    }

    /** The callbacks that named a charge, oldest first (through the chargeId-index GSI). */
    public List<QrCallbackRecord> forCharge(String chargeId) {
        return Items.queryEqual(dynamoDb, table, CHARGE_ID_INDEX, CHARGE_ID, chargeId).map(this::toRecord).toList();
    }


    private QrCallbackRecord toRecord(Map<String, AttributeValue> item) {
        return Items.read(table, item, i -> new QrCallbackRecord(Items.s(i, ORDER_ID), Items.instant(i, CREATED_AT),
                Items.s(i, CHARGE_ID), Items.s(i, STATUS), Items.s(i, AMOUNT), Items.s(i, OUTCOME), Items.s(i, REASON),
                Items.s(i, EVENT), Items.s(i, REQUEST_ID)));
    }
}
