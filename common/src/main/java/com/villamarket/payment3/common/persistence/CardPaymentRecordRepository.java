package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.Tables.CardPaymentRecordItem;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** A card payment record table, {@code payment3-card-payment-record-${BRANCH}} (or master's). */
public final class CardPaymentRecordRepository {

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<CardPaymentRecordItem> table;
    private final String tableName;

    public CardPaymentRecordRepository(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.table = enhanced.table(tableName, CardPaymentRecordItem.SCHEMA);
    }

    public String tableName() {
        return tableName;
    }

    /**
     * Records a new card payment; a token pays once.
     *
     * @return false when the token is recorded already
     */
    public boolean create(CardPaymentRecord record) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(CardPaymentRecordItem.class)
                    .item(toItem(record))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#t)")
                            .putExpressionName("#t", CardPaymentRecordItem.TOKEN_ID).build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The record of a token, read consistently. */
    public Optional<CardPaymentRecord> findByToken(String tokenId) {
        return Optional.ofNullable(table.getItem(r -> r.key(Key.builder().partitionValue(tokenId).build())
                .consistentRead(true))).map(CardPaymentRecordRepository::toRecord);
    }

    /** The record of a charge, through the chargeId-index GSI (eventually consistent). */
    public Optional<CardPaymentRecord> findByCharge(String chargeId) {
        return table.index(CardPaymentRecordItem.CHARGE_ID_INDEX)
                .query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(chargeId).build())))
                .stream().flatMap(p -> p.items().stream()).findFirst()
                .map(CardPaymentRecordRepository::toRecord);
    }

    /** The records of an order, newest first, through the orderId-index GSI. */
    public List<CardPaymentRecord> findByOrder(String orderId) {
        return table.index(CardPaymentRecordItem.ORDER_ID_INDEX)
                .query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(orderId).build())))
                .stream().flatMap(p -> p.items().stream()).map(CardPaymentRecordRepository::toRecord)
                .sorted(Comparator.comparing(CardPaymentRecord::createdAt).reversed())
                .toList();
    }

    /** Sets the charge KBank created for a token (once; a different charge for the token is refused). */
    public void setCharge(String tokenId, String chargeId) {
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(Map.of(CardPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(tokenId)))
                .updateExpression("SET #c = :c")
                .conditionExpression("attribute_exists(#t) AND (attribute_not_exists(#c) OR #c = :c)")
                .expressionAttributeNames(Map.of("#c", Tables.CHARGE_ID, "#t", CardPaymentRecordItem.TOKEN_ID))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(chargeId))));
    }

    /** Records what KBank's inquiry said of the token's charge. */
    public void setPaid(String tokenId, boolean paid) {
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(Map.of(CardPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(tokenId)))
                .updateExpression("SET #s = :s")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#s", CardPaymentRecordItem.STATUS, "#t", CardPaymentRecordItem.TOKEN_ID))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromBool(paid))));
    }

    /**
     * Claims the one hand-on of a token's charge.
     *
     * @return true when this call claimed it
     */
    public boolean claimInvocation(String tokenId, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(CardPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(tokenId)))
                    .updateExpression("SET #i = :at")
                    .conditionExpression("attribute_exists(#t) AND attribute_not_exists(#i)")
                    .expressionAttributeNames(Map.of("#i", CardPaymentRecordItem.PROCESS_INVOKED_AT,
                            "#t", CardPaymentRecordItem.TOKEN_ID))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(PynamoFormats.dateTime(at)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives a hand-on claim back after it failed. */
    public void releaseInvocation(String tokenId, Instant claimedAt) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(CardPaymentRecordItem.TOKEN_ID, AttributeValue.fromS(tokenId)))
                    .updateExpression("REMOVE #i")
                    .conditionExpression("#i = :at")
                    .expressionAttributeNames(Map.of("#i", CardPaymentRecordItem.PROCESS_INVOKED_AT))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(PynamoFormats.dateTime(claimedAt)))));
        } catch (ConditionalCheckFailedException e) {
            // Not ours any more.
        }
    }

    /**
     * Card payments charged before {@code cutoff} whose charge was never handed on: the callback
     * never came, or the function died before handing on. A scan: for reconciliation only.
     */
    public List<CardPaymentRecord> notHandedOn(Instant cutoff) {
        Expression filter = Expression.builder()
                .expression("attribute_exists(#charge) AND attribute_not_exists(#invoked) AND #created < :cutoff")
                .putExpressionName("#charge", Tables.CHARGE_ID)
                .putExpressionName("#invoked", CardPaymentRecordItem.PROCESS_INVOKED_AT)
                .putExpressionName("#created", CardPaymentRecordItem.CREATED_AT)
                .putExpressionValue(":cutoff", AttributeValue.fromS(PynamoFormats.dateTime(cutoff)))
                .build();
        return table.scan(r -> r.filterExpression(filter).consistentRead(true)).items().stream()
                .map(CardPaymentRecordRepository::toRecord).toList();
    }

    private static CardPaymentRecordItem toItem(CardPaymentRecord r) {
        CardPaymentRecordItem i = new CardPaymentRecordItem();
        i.tokenId = r.tokenId();
        i.orderId = r.orderId();
        i.chargeId = r.chargeId();
        i.status = r.paid();
        i.checksumVerified = false;
        i.createdAt = r.createdAt();
        i.amount = r.amount() == null ? null : r.amount().amount();
        i.callbackUrl = r.callbackUrl();
        i.saveCard = r.saveCard();
        i.ownerId = r.ownerId();
        i.processInvokedAt = r.processInvokedAt();
        return i;
    }

    private static CardPaymentRecord toRecord(CardPaymentRecordItem i) {
        return new CardPaymentRecord(i.tokenId, i.orderId, i.chargeId, Boolean.TRUE.equals(i.status),
                i.amount == null ? null : Money.of(i.amount), i.callbackUrl, Boolean.TRUE.equals(i.saveCard), i.ownerId,
                i.createdAt, i.processInvokedAt);
    }
}
