package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code payment3-process-paid-order-${BRANCH}}: every processing attempt, hash {@code orderId}, range {@code created_at}. */
public final class ProcessPaidOrderLogRepository {

    static final String ORDER_ID = "orderId";
    static final String CREATED_AT = "created_at";
    static final String DATA = "data";
    static final String IS_ERROR = "is_error";
    static final String PAYMENT_TYPE = "paymentType";
    static final String CHARGE_ID = "chargeId";
    static final String OUTCOME = "outcome";
    static final String ERROR = "error";

    /**
     * The table's model: {@code data} a JSON string as PynamoDB's {@code JSONAttribute}, {@code is_error} a BOOL, the
     * order and charge ids typed (S texts), {@code paymentType} {@code qr} or {@code card}.
     */
    static final Models.Lazy<TableSchema<ProcessPaidOrderLog>> SCHEMA = Models.lazy(() -> Models.schema(
                    ProcessPaidOrderLog.class,
                    ProcessPaidOrderLog.Builder.class, ProcessPaidOrderLog.Builder::new, ProcessPaidOrderLog.Builder::build)
            .add(ORDER_ID, IdConverters.ORDER_ID, ProcessPaidOrderLog::orderId, ProcessPaidOrderLog.Builder::orderId,
                    primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, ProcessPaidOrderLog::createdAt,
                    ProcessPaidOrderLog.Builder::createdAt, primarySortKey())
            .add(DATA, PynamoConverters.TEXT, ProcessPaidOrderLog::data, ProcessPaidOrderLog.Builder::data)
            .add(IS_ERROR, PynamoConverters.BOOL, ProcessPaidOrderLog::isError, ProcessPaidOrderLog.Builder::isError)
            .add(PAYMENT_TYPE, PaymentType.STORED, ProcessPaidOrderLog::paymentType,
                    ProcessPaidOrderLog.Builder::paymentType)
            .add(CHARGE_ID, IdConverters.CHARGE_ID, ProcessPaidOrderLog::chargeId, ProcessPaidOrderLog.Builder::chargeId)
            .add(OUTCOME, ProcessedAs.STORED, ProcessPaidOrderLog::outcome, ProcessPaidOrderLog.Builder::outcome)
            .add(ERROR, PynamoConverters.TEXT, ProcessPaidOrderLog::error, ProcessPaidOrderLog.Builder::error)
            .build());

    private final Models.Lazy<DynamoDbTable<ProcessPaidOrderLog>> rows;

    public ProcessPaidOrderLogRepository(DynamoDbClient dynamoDb, String table) {
        this.rows = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /**
     * Writes the one success row of an order, keyed by the moment the order was marked paid, so a
     * repeated call writes nothing.
     *
     * @return true when this call wrote it
     */
    public boolean recordSuccessOnce(ProcessPaidOrderLog log) {
        return UniqueSortKey.putOnce(rows.get(), ORDER_ID, log);
    }

    /** Writes a row for an attempt that did not pay the order (never overwrites another row). */
    public void recordAttempt(ProcessPaidOrderLog log) {
        UniqueSortKey.put(rows.get(), ORDER_ID, log, log.createdAt(), (l, at) -> new ProcessPaidOrderLog(l.orderId(), at,
                l.data(), l.isError(), l.paymentType(), l.chargeId(), l.outcome(), l.error()));
    }

    /** The rows of an order, oldest first; a stored charge id not of a charge id's shape is a {@link StoredDataException}. */
    public List<ProcessPaidOrderLog> forOrder(OrderId orderId) {
        return Models.queryEqual(rows.get(), null, Models.key(orderId.value()));
    }
}
