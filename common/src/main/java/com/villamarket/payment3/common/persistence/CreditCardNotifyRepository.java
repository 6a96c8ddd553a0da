package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.persistence.Tables.CreditCardNotifyItem;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The credit-card notify table, {@code payment3-credit-card-notify-${BRANCH}}. */
public final class CreditCardNotifyRepository {

    private static final Expression NEW_ITEM = Expression.builder().expression("attribute_not_exists(#pk)")
            .putExpressionName("#pk", Tables.CHARGE_ID).build();

    private final DynamoDbTable<CreditCardNotifyItem> table;

    public CreditCardNotifyRepository(DynamoDbEnhancedClient enhanced, String tableName) {
        this.table = enhanced.table(tableName, CreditCardNotifyItem.SCHEMA);
    }

    /** Records one callback or notify; never overwrites another. */
    public void record(CreditCardNotify n) {
        CreditCardNotifyItem i = new CreditCardNotifyItem();
        i.chargeId = n.chargeId();
        i.source = n.source();
        i.orderId = n.orderId();
        i.tokenId = n.tokenId();
        i.statusReceived = n.statusReceived();
        i.kbankStatus = n.kbankStatus();
        i.transactionState = n.transactionState();
        i.paid = n.paid();
        i.event = StoredText.cap(n.rawEvent());
        UniqueSortKey.put(n.createdAt(), at -> {
            i.createdAt = at;
            table.putItem(r -> r.item(i).conditionExpression(NEW_ITEM));
        });
    }

    /** The rows of a charge, oldest first. */
    public List<CreditCardNotify> forCharge(String chargeId) {
        return table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(chargeId).build()))
                        .consistentRead(true))
                .items().stream()
                .map(i -> new CreditCardNotify(i.chargeId, i.createdAt, i.source, i.orderId, i.tokenId, i.statusReceived,
                        i.kbankStatus, i.transactionState, Boolean.TRUE.equals(i.paid), i.event))
                .toList();
    }
}
