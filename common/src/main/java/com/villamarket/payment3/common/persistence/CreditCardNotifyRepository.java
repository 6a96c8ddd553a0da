package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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

    /** The table's model: the charge, order and token typed (S texts), KBank's texts as received, {@code paid} a BOOL, the raw event capped to fit an item. */
    static final Models.Lazy<TableSchema<CreditCardNotify>> SCHEMA = Models.lazy(() -> Models.schema(
                    CreditCardNotify.class,
                    CreditCardNotify.Builder.class, CreditCardNotify.Builder::new, CreditCardNotify.Builder::build)
            .add(CHARGE_ID, IdConverters.CHARGE_ID, CreditCardNotify::chargeId, CreditCardNotify.Builder::chargeId,
                    primaryPartitionKey())
            .add(CREATED_AT, PynamoConverters.DATE_TIME, CreditCardNotify::createdAt, CreditCardNotify.Builder::createdAt,
                    primarySortKey())
            .add(SOURCE, PynamoConverters.TEXT, CreditCardNotify::source, CreditCardNotify.Builder::source)
            .add(ORDER_ID, IdConverters.ORDER_ID, CreditCardNotify::orderId, CreditCardNotify.Builder::orderId)
            .add(TOKEN_ID, IdConverters.CARD_TOKEN, CreditCardNotify::tokenId, CreditCardNotify.Builder::tokenId)
            .add(STATUS_RECEIVED, PynamoConverters.TEXT, CreditCardNotify::statusReceived,
                    CreditCardNotify.Builder::statusReceived)
            .add(KBANK_STATUS, PynamoConverters.TEXT, CreditCardNotify::kbankStatus, CreditCardNotify.Builder::kbankStatus)
            .add(TRANSACTION_STATE, PynamoConverters.TEXT, CreditCardNotify::transactionState,
                    CreditCardNotify.Builder::transactionState)
            .add(PAID, PynamoConverters.BOOL, CreditCardNotify::paid, CreditCardNotify.Builder::paid)
            .add(EVENT, PynamoConverters.TEXT, n -> StoredText.cap(n.rawEvent()), CreditCardNotify.Builder::rawEvent)
            .build());

    private final Models.Lazy<DynamoDbTable<CreditCardNotify>> rows;

    public CreditCardNotifyRepository(DynamoDbClient dynamoDb, String table) {
        this.rows = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** Records one callback or notify; never overwrites another. */
    public void record(CreditCardNotify n) {
        UniqueSortKey.put(rows.get(), CHARGE_ID, n, n.createdAt(), (r, at) -> new CreditCardNotify(r.chargeId(), at, r.source(),
                r.orderId(), r.tokenId(), r.statusReceived(), r.kbankStatus(), r.transactionState(), r.paid(), r.rawEvent()));
    }

    /** The rows of a charge, oldest first; a stored order id or token not of its shape is a {@link StoredDataException}. */
    public List<CreditCardNotify> forCharge(ChargeId chargeId) {
        return Models.queryEqual(rows.get(), null, Models.key(chargeId.value()));
    }
}
