package com.villamarket.payment3.common.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code payment3-credit-card-notify-${BRANCH}}: every card callback and notify, hash {@code chargeId}, range {@code created_at}. */
public final class CreditCardNotifyRepository {

    static final String CHARGE_ID = "chargeId";
    static final String CREATED_AT = "created_at";
    static final String SOURCE = "source";
    static final String ORDER_ID = "orderId";
    static final String TOKEN_ID = "tokenId";
    static final String STATUS_RECEIVED = "statusReceived";
    static final String KBANK_STATUS = "kbankStatus";
    static final String TRANSACTION_STATE = "transactionState";
    static final String PAID = "paid";
    static final String EVENT = "event";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public CreditCardNotifyRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records one callback or notify; never overwrites another. */
    public void record(CreditCardNotify n) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CHARGE_ID, Items.s(n.chargeId()));
        Items.putS(item, SOURCE, n.source());
        Items.putS(item, ORDER_ID, n.orderId());
        Items.putS(item, TOKEN_ID, n.tokenId());
        Items.putS(item, STATUS_RECEIVED, n.statusReceived());
        Items.putS(item, KBANK_STATUS, n.kbankStatus());
        Items.putS(item, TRANSACTION_STATE, n.transactionState());
        item.put(PAID, AttributeValue.fromBool(n.paid()));
        Items.putS(item, EVENT, StoredText.cap(n.rawEvent()));
        UniqueSortKey.put(dynamoDb, table, CHARGE_ID, CREATED_AT, item, n.createdAt());
    }

    /** The rows of a charge, oldest first. */
    public List<CreditCardNotify> forCharge(String chargeId) {
        return Items.queryEqual(dynamoDb, table, null, CHARGE_ID, chargeId)
                .map(item -> Items.read(table, item, i -> new CreditCardNotify(Items.s(i, CHARGE_ID),
                        Items.instant(i, CREATED_AT), Items.s(i, SOURCE), Items.s(i, ORDER_ID), Items.s(i, TOKEN_ID),
                        Items.s(i, STATUS_RECEIVED), Items.s(i, KBANK_STATUS), Items.s(i, TRANSACTION_STATE),
                        Items.bool(i, PAID), Items.s(i, EVENT))))
                .toList();
    }

}
