package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    static final String CREATED_AT = "createdAt";
    static final String STATUS = "status";
    static final String PAID_AMOUNT = "paidAmount";
    /** Ours: the hand-on to ProcessPaidOrderInternal, a once-only step. */
    static final String HAND_ON = "payment3HandOn";
    /** Ours: the one report to a person of a payment reconciliation could not settle. */
    static final String REPORT = "payment3Report";
    static final String PENDING_KIND = "qr";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public QrPaymentRecordRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The record of a charge, read consistently. */
    public Optional<QrPaymentRecord> find(ChargeId chargeId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(chargeId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    /**
     * The charges recorded for an order, oldest first: the keys through {@code orderId-index} (which
     * lags a fresh write by a moment), each record then read consistently. For the operator's tools,
     * never on a request path.
     */
    public List<QrPaymentRecord> forOrder(OrderId orderId) {
        return Items.queryEqual(dynamoDb, table, ORDER_ID_INDEX, ORDER_ID, orderId.value())
                .map(keys -> new ChargeId(Items.s(keys, TOKEN_ID)))
                .map(this::find)
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
        Map<String, AttributeValue> item = new HashMap<>(key(record.chargeId()));
        if (handOn != null) {
            item.put(HAND_ON, handOn.attribute());
        }
        item.put(CHARGE_ID, Items.s(record.chargeId().value()));
        item.put(ORDER_ID, Items.s(record.orderId().value()));
        item.put(CREATED_AT, Items.instant(record.createdAt()));
        item.put(STATUS, AttributeValue.fromBool(record.paid()));
        Items.putMoney(item, PAID_AMOUNT, record.paidAmount());
        if (record.pending()) {
            item.put(Pending.ATTRIBUTE, Items.s(PENDING_KIND));
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
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromBool(true), ":a", Items.n(amount.amount()))));
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
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromBool(false))));
    }

    /** The once-only hand-on of a charge to ProcessPaidOrderInternal. */
    public OnceOnly.Step handOn(ChargeId chargeId) {
        return new OnceOnly.Step(table, key(chargeId), HAND_ON);
    }

    /** The claim condition of the hand-on: the record is bound to this order. */
    public static OnceOnly.Condition boundTo(OrderId orderId) {
        return OnceOnly.Condition.equal(ORDER_ID, Items.s(orderId.value()));
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

    /** Takes a payment out of the pending index with what it came to, for example {@code PAID}; false when settled before. */
    public boolean settle(ChargeId chargeId, SettledAs outcome, Instant at) {
        return Pending.settle(dynamoDb, table, key(chargeId), outcome, at);
    }

    private static Map<String, AttributeValue> key(ChargeId chargeId) {
        return Map.of(TOKEN_ID, Items.s(chargeId.value()));
    }

    private QrPaymentRecord toRecord(Map<String, AttributeValue> item) {
        return Items.read(table, item, QrPaymentRecordRepository::map);
    }

    private static QrPaymentRecord map(Map<String, AttributeValue> item) {
        return new QrPaymentRecord(new ChargeId(Items.s(item, TOKEN_ID)), new OrderId(Items.s(item, ORDER_ID)),
                Items.instant(item, CREATED_AT), Items.bool(item, STATUS), Items.money(item, PAID_AMOUNT),
                item.containsKey(Pending.ATTRIBUTE), StepState.of(item, HAND_ON), SettledAs.fromStored(Items.s(item, Pending.OUTCOME)));
    }
}
