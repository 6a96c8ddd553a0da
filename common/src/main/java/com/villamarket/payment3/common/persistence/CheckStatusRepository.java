package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code payment3-check-status-${BRANCH}}: card charge status checks with KBank, hash {@code orderId}, range {@code created_at}. */
public final class CheckStatusRepository {

    static final String ORDER_ID = "orderId";
    static final String CREATED_AT = "created_at";
    static final String CHARGE_ID = "chargeId";
    static final String STATUS = "status";
    static final String SUCCESS = "success";
    static final String PAYMENT_METHOD = "paymentMethod";
    static final String AMOUNT = "amount";

    /** The table's model: the order and charge ids typed (S texts), {@code success} a BOOL, {@code amount} an N number of baht. */
    static final Models.Lazy<TableSchema<CheckStatus>> SCHEMA = Models.lazy(() -> Models.schema(
                    CheckStatus.class, CheckStatus.Builder.class,
                    CheckStatus.Builder::new, CheckStatus.Builder::build)
            .add(ORDER_ID, IdConverters.ORDER_ID, CheckStatus::orderId, CheckStatus.Builder::orderId, primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, CheckStatus::createdAt, CheckStatus.Builder::createdAt,
                    primarySortKey())
            .add(CHARGE_ID, IdConverters.CHARGE_ID, CheckStatus::chargeId, CheckStatus.Builder::chargeId)
            .add(STATUS, PynamoConverters.TEXT, CheckStatus::status, CheckStatus.Builder::status)
            .add(SUCCESS, PynamoConverters.BOOL, CheckStatus::success, CheckStatus.Builder::success)
            .add(PAYMENT_METHOD, PynamoConverters.TEXT, CheckStatus::paymentMethod, CheckStatus.Builder::paymentMethod)
            .add(AMOUNT, PynamoConverters.MONEY, CheckStatus::amount, CheckStatus.Builder::amount)
            .build());

    private final Models.Lazy<DynamoDbTable<CheckStatus>> checks;

    public CheckStatusRepository(DynamoDbClient dynamoDb, String table) {
        this.checks = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /**
     * The checks of an order, oldest first; {@code success} is true when the flag or the status says so, as the Python stack reads them;
     * a stored charge id not of a charge id's shape is a {@link StoredDataException}.
     */
    public List<CheckStatus> forOrder(OrderId orderId) {
        return Models.queryEqual(checks.get(), null, Models.key(orderId.value()));
    }

    /** Writes a check (never overwrites another). */
    public void record(CheckStatus status) {
        UniqueSortKey.put(checks.get(), ORDER_ID, status, status.createdAt(), (s, at) -> new CheckStatus(s.orderId(), at,
                s.chargeId(), s.status(), s.success(), s.paymentMethod(), s.amount()));
    }
}
