package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * KBank QR/WeChat orders created for shop orders, {@code payment3-kbank-order-${BRANCH}}, keyed by
 * the {@code reference_order} sent to KBank (the order id and the moment), which KBank's QR
 * notification quotes as {@code partnerTxnUid}.
 */
public final class KBankOrderRepository {

    static final String REFERENCE_ORDER = "referenceOrder";
    static final String ORDER_ID = "orderId";
    static final String KBANK_ORDER_ID = "kbankOrderId";
    static final String AMOUNT = "amount";
    static final String SOURCE_TYPE = "sourceType";
    static final String CREATED_AT = "createdAt";
    static final String SETTLED_AT = "settledAt";

    /** One KBank order as recorded. */
    public record KBankOrder(String referenceOrder, String orderId, String kbankOrderId, Money amount, String sourceType,
            Instant createdAt) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public KBankOrderRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public void record(KBankOrder order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(REFERENCE_ORDER, AttributeValue.fromS(order.referenceOrder()));
        item.put(ORDER_ID, AttributeValue.fromS(order.orderId()));
        item.put(KBANK_ORDER_ID, AttributeValue.fromS(order.kbankOrderId()));
        item.put(AMOUNT, AttributeValue.fromN(order.amount().amount().toPlainString()));
        item.put(SOURCE_TYPE, AttributeValue.fromS(order.sourceType()));
        item.put(CREATED_AT, AttributeValue.fromS(PynamoFormats.dateTime(order.createdAt())));
        dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }

    /**
     * KBank orders created before {@code cutoff} that reconciliation has not settled yet. A scan: for
     * reconciliation only.
     */
    public java.util.List<KBankOrder> unsettled(Instant cutoff) {
        return dynamoDb.scan(r -> r.tableName(tableName).consistentRead(true)
                        .filterExpression("attribute_not_exists(#settled) AND #created < :cutoff")
                        .expressionAttributeNames(Map.of("#settled", SETTLED_AT, "#created", CREATED_AT))
                        .expressionAttributeValues(Map.of(":cutoff", AttributeValue.fromS(PynamoFormats.dateTime(cutoff)))))
                .items().stream().map(KBankOrderRepository::toOrder).toList();
    }

    /** Marks a KBank order settled (paid, or expired unpaid), so reconciliation asks about it no more. */
    public void markSettled(String referenceOrder, String outcome, Instant at) {
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(Map.of(REFERENCE_ORDER, AttributeValue.fromS(referenceOrder)))
                .updateExpression("SET #settled = :at, #outcome = :outcome")
                .conditionExpression("attribute_exists(#ref)")
                .expressionAttributeNames(Map.of("#settled", SETTLED_AT, "#outcome", "settledAs", "#ref", REFERENCE_ORDER))
                .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(PynamoFormats.dateTime(at)),
                        ":outcome", AttributeValue.fromS(outcome))));
    }

    public Optional<KBankOrder> findByReference(String referenceOrder) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(tableName)
                .key(Map.of(REFERENCE_ORDER, AttributeValue.fromS(referenceOrder))).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toOrder(response.item()));
    }

    private static KBankOrder toOrder(Map<String, AttributeValue> i) {
        return new KBankOrder(i.get(REFERENCE_ORDER).s(), i.get(ORDER_ID).s(), i.get(KBANK_ORDER_ID).s(),
                Money.of(new BigDecimal(i.get(AMOUNT).n())), i.get(SOURCE_TYPE).s(),
                PynamoFormats.parseDateTime(i.get(CREATED_AT).s()));
    }
}
