package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.Tables.QrPaymentRecordItem;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The QR payment record table, {@code payment3-qr-payment-record-${BRANCH}}. */
public final class QrPaymentRecordRepository {

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<QrPaymentRecordItem> table;
    private final String tableName;

    public QrPaymentRecordRepository(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.table = enhanced.table(tableName, QrPaymentRecordItem.SCHEMA);
    }

    /** The record of a charge, read consistently. */
    public Optional<QrPaymentRecord> find(ChargeId chargeId) {
        QrPaymentRecordItem item = table.getItem(r -> r.key(Key.builder().partitionValue(chargeId.value()).build())
                .consistentRead(true));
        return Optional.ofNullable(item).map(QrPaymentRecordRepository::toRecord);
    }

    /**
     * Records a charge unless it is recorded already: the charge stays bound to the first order it
     * was recorded for.
     *
     * @return empty when this call recorded it, else the record that was already there
     */
    public Optional<QrPaymentRecord> recordIfAbsent(QrPaymentRecord record) {
        QrPaymentRecordItem item = new QrPaymentRecordItem();
        item.tokenId = record.chargeId().value();
        item.chargeId = record.chargeId().value();
        item.orderId = record.orderId().value();
        item.createdAt = record.createdAt();
        item.status = record.paid();
        item.paidAmount = record.paidAmount() == null ? null : record.paidAmount().amount();
        try {
            table.putItem(PutItemEnhancedRequest.builder(QrPaymentRecordItem.class)
                    .item(item)
                    .conditionExpression(Expression.builder()
                            .expression("attribute_not_exists(#token)")
                            .putExpressionName("#token", QrPaymentRecordItem.TOKEN_ID)
                            .build())
                    .build());
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(find(record.chargeId()).orElseThrow(() ->
                    new IllegalStateException("record of " + record.chargeId() + " vanished after a conditional check")));
        }
    }

    /**
     * Claims the one invocation of ProcessPaidOrderInternal for a charge of this order.
     *
     * @return true when this call claimed it; false when it was claimed before
     */
    public boolean claimInvocation(ChargeId chargeId, OrderId orderId, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(QrPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(chargeId.value())))
                    .updateExpression("SET #invoked = :at")
                    .conditionExpression("attribute_exists(#token) AND #order = :order AND attribute_not_exists(#invoked)")
                    .expressionAttributeNames(Map.of(
                            "#invoked", QrPaymentRecordItem.PROCESS_INVOKED_AT,
                            "#token", QrPaymentRecordItem.TOKEN_ID,
                            "#order", Tables.ORDER_ID))
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(PynamoFormats.dateTime(at)),
                            ":order", AttributeValue.fromS(orderId.value()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives a claim back after the invocation failed, so that a replay can invoke again. */
    public void releaseInvocation(ChargeId chargeId, Instant claimedAt) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(QrPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(chargeId.value())))
                    .updateExpression("REMOVE #invoked")
                    .conditionExpression("#invoked = :at")
                    .expressionAttributeNames(Map.of("#invoked", QrPaymentRecordItem.PROCESS_INVOKED_AT))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(PynamoFormats.dateTime(claimedAt)))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else's claim now: leave it.
        }
    }

    /**
     * Paid charges recorded before {@code cutoff} that were never handed on (the function died in
     * between, or the invocation failed and no replay came). A scan: for reconciliation only.
     */
    public java.util.List<QrPaymentRecord> notHandedOn(Instant cutoff) {
        Expression filter = Expression.builder()
                .expression("#status = :paid AND attribute_not_exists(#invoked) AND #created < :cutoff")
                .putExpressionName("#status", QrPaymentRecordItem.STATUS)
                .putExpressionName("#invoked", QrPaymentRecordItem.PROCESS_INVOKED_AT)
                .putExpressionName("#created", QrPaymentRecordItem.CREATED_AT)
                .putExpressionValue(":paid", AttributeValue.fromBool(true))
                .putExpressionValue(":cutoff", AttributeValue.fromS(PynamoFormats.dateTime(cutoff)))
                .build();
        return table.scan(r -> r.filterExpression(filter).consistentRead(true)).items().stream()
                .map(QrPaymentRecordRepository::toRecord).toList();
    }

    private static QrPaymentRecord toRecord(QrPaymentRecordItem item) {
        return new QrPaymentRecord(
                new ChargeId(item.tokenId),
                new OrderId(item.orderId),
                item.createdAt,
                Boolean.TRUE.equals(item.status),
                item.paidAmount == null ? null : Money.of(item.paidAmount),
                item.processInvokedAt);
    }
}
