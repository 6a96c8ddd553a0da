package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code payment3-qr-notify-${BRANCH}}: KBank's QR payment notifications as received, hash {@code partnerTxnUid}, range {@code created_at}. */
public final class QrNotifyRepository {

    static final String PARTNER_TXN_UID = "partnerTxnUid";
    static final String CREATED_AT = "created_at";
    static final String STATUS_CODE = "statusCode";
    static final String OUTCOME = "outcome";
    static final String REASON = "reason";
    static final String EVENT = "event";

    /**
     * The table's model: a notification without a status code stores an empty one, and the raw event is
     * always stored (capped to fit an item).
     */
    static final Models.Lazy<TableSchema<QrNotify>> SCHEMA = Models.lazy(() -> Models.schema(
                    QrNotify.class, QrNotify.Builder.class,
                    QrNotify.Builder::new, QrNotify.Builder::build)
            .add(PARTNER_TXN_UID, PynamoConverters.TEXT, QrNotify::partnerTxnUid, QrNotify.Builder::partnerTxnUid,
                    primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, QrNotify::createdAt, QrNotify.Builder::createdAt, primarySortKey())
            .add(STATUS_CODE, PynamoConverters.TEXT, n -> n.statusCode() == null ? "" : n.statusCode(),
                    QrNotify.Builder::statusCode)
            .add(OUTCOME, ReportOutcome.NOTIFY_RECORD, QrNotify::outcome, QrNotify.Builder::outcome)
            .add(REASON, PynamoConverters.TEXT, QrNotify::reason, QrNotify.Builder::reason)
            .add(EVENT, PynamoConverters.TEXT, n -> StoredText.cap(n.rawEvent()), QrNotify.Builder::rawEvent)
            .build());

    private final Models.Lazy<DynamoDbTable<QrNotify>> notifications;

    public QrNotifyRepository(DynamoDbClient dynamoDb, String table) {
        this.notifications = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** Records one notification and what became of it; never overwrites another. */
    public void record(QrNotify notification) {
        UniqueSortKey.put(notifications.get(), PARTNER_TXN_UID, notification, notification.createdAt(),
                (n, at) -> new QrNotify(n.partnerTxnUid(), at, n.statusCode(), n.outcome(), n.reason(), n.rawEvent()));
    }

    /** The notifications of one id, oldest first. */
    public List<QrNotify> forTransaction(String partnerTxnUid) {
        return Models.queryEqual(notifications.get(), null, Models.key(partnerTxnUid));
    }
}
