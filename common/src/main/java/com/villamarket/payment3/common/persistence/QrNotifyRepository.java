package com.villamarket.payment3.common.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code payment3-qr-notify-${BRANCH}}: KBank's QR payment notifications as received, hash {@code partnerTxnUid}, range {@code created_at}. */
public final class QrNotifyRepository {

    static final String PARTNER_TXN_UID = "partnerTxnUid";
    static final String CREATED_AT = "created_at";
    static final String STATUS_CODE = "statusCode";
    static final String OUTCOME = "outcome";
    static final String REASON = "reason";
    static final String EVENT = "event";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public QrNotifyRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records one notification and what became of it; never overwrites another. */
    public void record(QrNotify notification) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTNER_TXN_UID, Items.s(notification.partnerTxnUid()));
        item.put(STATUS_CODE, Items.s(notification.statusCode() == null ? "" : notification.statusCode()));
        item.put(OUTCOME, Items.s(notification.outcome()));
        Items.putS(item, REASON, notification.reason());
        item.put(EVENT, Items.s(StoredText.cap(notification.rawEvent())));
        UniqueSortKey.put(dynamoDb, table, PARTNER_TXN_UID, CREATED_AT, item, notification.createdAt());
    }

    /** The notifications of one id, oldest first. */
    public List<QrNotify> forTransaction(String partnerTxnUid) {
        return Items.queryEqual(dynamoDb, table, null, PARTNER_TXN_UID, partnerTxnUid)
                .map(item -> Items.read(table, item, i -> new QrNotify(Items.s(i, PARTNER_TXN_UID),
                        Items.instant(i, CREATED_AT), Items.s(i, STATUS_CODE), Items.s(i, OUTCOME), Items.s(i, REASON),
                        Items.s(i, EVENT))))
                .toList();
    }
}
