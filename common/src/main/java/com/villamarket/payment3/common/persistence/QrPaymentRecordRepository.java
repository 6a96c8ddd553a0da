package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@code payment3-qr-payment-record-${BRANCH}}: one item per QR charge, hash key {@code tokenId} (the
 * charge id, as the Python stack stores it), binding the charge to one order for ever.
 *
 * <p>The Python stack's attributes, plus ours: the pending marker ({@code pending-index}), the once-only
 * hand-on to ProcessPaidOrderInternal and the once-only report of a payment reconciliation cannot settle.
 * The charges of an order are found through {@code orderId-index} (keys only), for the operator's tools.
 */
public final class QrPaymentRecordRepository {

    static final String TOKEN_ID = "tokenId";
    static final String ORDER_ID = "orderId";
    static final String CHARGE_ID = "chargeId";
    static final String ORDER_ID_INDEX = "orderId-index";
    static final String STATUS = "status";
    static final String PAID_AMOUNT = "paidAmount";
    /** Ours: the hand-on to ProcessPaidOrderInternal, a once-only step. */
    static final String HAND_ON = "payment3HandOn";
    /** Ours: the one report to a person of a payment reconciliation could not settle. */
    static final String REPORT = "payment3Report";
    static final String PENDING_KIND = "qr";

    /**
     * The table's model, the Python stack's attributes as its PynamoDB model stores them ({@code tokenId} and
     * {@code chargeId} both the charge id, {@code status} a BOOL, {@code paidAmount} an N) and ours: the
     * pending marker (the payment kind, present while unsettled), the hand-on step (read here, written by
     * {@link OnceOnly} alone) and the outcome.
     */
    static final Models.Lazy<TableSchema<QrPaymentRecord>> SCHEMA = Models.lazy(() -> Models.schema(
                    QrPaymentRecord.class, QrPaymentRecord.Builder.class,
                    QrPaymentRecord.Builder::new, QrPaymentRecord.Builder::build)
            .add(TOKEN_ID, IdConverters.CHARGE_ID, QrPaymentRecord::chargeId, QrPaymentRecord.Builder::chargeId,
                    primaryPartitionKey())
            // The same charge id again, as the Python stack writes it; the key is the one read.
            .add(CHARGE_ID, IdConverters.CHARGE_ID, QrPaymentRecord::chargeId, (b, charge) -> { })
            .add(ORDER_ID, IdConverters.ORDER_ID, QrPaymentRecord::orderId, QrPaymentRecord.Builder::orderId,
                    secondaryPartitionKey(ORDER_ID_INDEX))
            .add(STATUS, PynamoConverters.BOOL, QrPaymentRecord::paid, QrPaymentRecord.Builder::paid)
            .add(PAID_AMOUNT, PynamoConverters.MONEY, QrPaymentRecord::paidAmount, QrPaymentRecord.Builder::paidAmount)
            .with(Pending.attributes(PENDING_KIND))
            .step(HAND_ON, QrPaymentRecord.Builder::handOn)
            .build());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Models.Lazy<DynamoDbTable<QrPaymentRecord>> records;

    public QrPaymentRecordRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.records = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** The record of a charge, read consistently. */
    public Optional<QrPaymentRecord> find(ChargeId chargeId) {
        return Optional.ofNullable(Models.read(table,
                () -> records.get().getItem(r -> r.key(Models.key(chargeId.value())).consistentRead(true))));
    }

    /**
     * The charges recorded for an order, oldest first: the keys through {@code orderId-index} (which
     * lags a fresh write by a moment), each record then read consistently. For the operator's tools,
     * never on a request path.
     */
    public List<QrPaymentRecord> forOrder(OrderId orderId) {
        return Models.queryEqual(records.get(), ORDER_ID_INDEX, Models.key(orderId.value())).stream()
                .map(keys -> find(keys.chargeId()))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(QrPaymentRecord::createdAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /**
     * Records a charge unless it is recorded already: the charge stays bound to the first order it
     * was recorded for.
     *
     * @return empty when this call recorded it, else the record that was already there
     */
    public Optional<QrPaymentRecord> recordIfAbsent(QrPaymentRecord record) {
        return recordIfAbsent(record, null);
    }

    /**
     * As {@link #recordIfAbsent(QrPaymentRecord)}, with the hand-on claimed in the same write: when it
     * records the charge, this run holds {@link #handOn} as {@code handOn}'s claim, bound to the record's
     * order by the very write that binds the charge to it. A resend of this write (its answer lost) finds
     * the record with this claim on it and is taken as this call's recording.
     *
     * @param handOn the claim to write with a new record; null for none
     * @return empty when this call recorded it, else the record that was already there
     */
    public Optional<QrPaymentRecord> recordIfAbsent(QrPaymentRecord record, OnceOnly.NewClaim handOn) {
        // Low-level, as the claim is written in the same put: the model's attributes and the claim beside them.
        Map<String, AttributeValue> item = new HashMap<>(SCHEMA.get().itemToMap(record, true));
        if (handOn != null) {
            item.put(HAND_ON, handOn.attribute());
        }
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#t)")
                    .expressionAttributeNames(Map.of("#t", TOKEN_ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            if (handOn != null && handOn.isOwnIn(e.item(), HAND_ON)) {
                return Optional.empty();
            }
            return Optional.of(toRecord(e.item()));
        }
    }

    /** Records that KBank's inquiry now says the charge is paid, for this amount. */
    public void setPaid(ChargeId chargeId, Money amount) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(chargeId))
                .updateExpression("SET #s = :s, #a = :a")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#s", STATUS, "#a", PAID_AMOUNT, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":s", PynamoConverters.BOOL.transformFrom(true),
                        ":a", PynamoConverters.MONEY.transformFrom(amount))));
    }

    /**
     * Records that KBank's inquiry no longer says the charge is paid (voided, reversed or refunded after it
     * was authorized); the amount it was paid with stays as it was recorded.
     */
    public void setUnpaid(ChargeId chargeId) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(chargeId))
                .updateExpression("SET #s = :s")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#s", STATUS, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":s", PynamoConverters.BOOL.transformFrom(false))));
    }

    /** The once-only hand-on of a charge to ProcessPaidOrderInternal. */
    public OnceOnly.Step handOn(ChargeId chargeId) {
        return new OnceOnly.Step(table, key(chargeId), HAND_ON);
    }

    /** The claim condition of the hand-on: the record is bound to this order. */
    public static OnceOnly.Condition boundTo(OrderId orderId) {
        return OnceOnly.Condition.equal(ORDER_ID, IdConverters.ORDER_ID.transformFrom(orderId));
    }

    /** The once-only report to a person of a payment reconciliation could not settle. */
    public OnceOnly.Step report(ChargeId chargeId) {
        return new OnceOnly.Step(table, key(chargeId), REPORT);
    }

    /** The pending payments recorded before {@code cutoff}, through the sparse pending index. */
    public List<QrPaymentRecord> pendingBefore(Instant cutoff) {
        return Pending.before(dynamoDb, table, PENDING_KIND, cutoff).stream().map(this::toRecord).toList();
    }

    /**
     * The pending payments recorded before {@code cutoff}, newest first, read from the sparse pending index
     * a page at a time as the caller goes on (reconciliation stops when its time is up).
     */
    public Iterator<QrPaymentRecord> pendingNewestFirst(Instant cutoff) {
        return Pending.newestFirst(dynamoDb, table, PENDING_KIND, cutoff, Pending.PAGE_SIZE, this::toRecord);
    }

    /** How many payments are pending since {@code upTo} or before, and the oldest one's time. */
    public Left pendingLeft(Instant upTo) {
        return Pending.left(dynamoDb, table, PENDING_KIND, upTo);
    }

    /**
     * One page of the records made since {@code since} that never entered the pending index and were never settled:
     * the Python stack's, which carry none of our attributes. A scan of the whole table, {@code limit} items evaluated
     * a page: for the one-off adoption at switch-over, never on a request path.
     *
     * @param from where an earlier page stopped; null from the start
     */
    public UnmarkedScan.Page<QrPaymentRecord> unmarkedSince(Instant since, UnmarkedScan.Position from, int limit) {
        Pending.ScanPage page = Pending.unmarked(dynamoDb, table, "#c >= :since", Map.of("#c", Pending.CREATED_AT),
                Map.of(":since", PynamoConverters.DATE_TIME.transformFrom(since)), from == null ? null : from.startKey(), limit);
        return UnmarkedScan.page(table, TOKEN_ID, page, this::toRecord);
    }

    /**
     * A position of a scan of this table read back from its text ({@link UnmarkedScan.Position#text}).
     *
     * @throws IllegalArgumentException when it is not one (oversized, not base64 of a JSON object, not this table's key)
     */
    public UnmarkedScan.Position position(String text) {
        return UnmarkedScan.parse(text, TOKEN_ID);
    }

    /**
     * Puts a record that carries neither the pending marker nor an outcome into the pending index, where
     * reconciliation finds it.
     *
     * @return false when it is pending or settled already
     */
    public boolean markPending(ChargeId chargeId) {
        return Pending.mark(dynamoDb, table, key(chargeId), PENDING_KIND);
    }

    /** Takes a payment out of the pending index with what it came to; false when settled before. Only its lifecycle calls this. */
    boolean settle(ChargeId chargeId, SettledAs outcome, Instant at) {
        return Pending.settle(dynamoDb, table, key(chargeId), outcome, at);
    }

    /** The key as the low-level client's conditional writes name it. */
    private static Map<String, AttributeValue> key(ChargeId chargeId) {
        return Map.of(TOKEN_ID, IdConverters.CHARGE_ID.transformFrom(chargeId));
    }

    private QrPaymentRecord toRecord(Map<String, AttributeValue> item) {
        return Models.read(table, SCHEMA.get(), item);
    }
}
