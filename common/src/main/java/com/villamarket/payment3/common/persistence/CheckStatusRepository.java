package com.villamarket.payment3.common.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code payment3-check-status-${BRANCH}}: card charge status checks with KBank, hash {@code orderId}, range {@code created_at}. */
public final class CheckStatusRepository {

    static final String ORDER_ID = "orderId";
    static final String CREATED_AT = "created_at";
    static final String CHARGE_ID = "chargeId";
    static final String STATUS = "status";
    static final String SUCCESS = "success";
    static final String PAYMENT_METHOD = "paymentMethod";
    static final String AMOUNT = "amount";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public CheckStatusRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The checks of an order, oldest first; {@code success} is true when the flag or the status says so, as the Python stack reads them. */
    public List<CheckStatus> forOrder(String orderId) {
        return Items.queryEqual(dynamoDb, table, null, ORDER_ID, orderId)
                .map(item -> Items.read(table, item, i -> new CheckStatus(Items.s(i, ORDER_ID), Items.instant(i, CREATED_AT),
                        Items.s(i, CHARGE_ID), Items.s(i, STATUS), Items.bool(i, SUCCESS) || "success".equals(Items.s(i, STATUS)),
                        Items.s(i, PAYMENT_METHOD), Items.money(i, AMOUNT))))
                .toList();
    }

    /** Writes a check (never overwrites another). */
    public void record(CheckStatus status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ORDER_ID, Items.s(status.orderId()));
        Items.putS(item, CHARGE_ID, status.chargeId());
        Items.putS(item, STATUS, status.status());
        item.put(SUCCESS, AttributeValue.fromBool(status.success()));
        Items.putS(item, PAYMENT_METHOD, status.paymentMethod());
        Items.putMoney(item, AMOUNT, status.amount());
        UniqueSortKey.put(dynamoDb, table, ORDER_ID, CREATED_AT, item, status.createdAt());
    }
}
