package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.once.OnceOnly;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code payment3-kbank-order-${BRANCH}}: the KBank QR/WeChat orders created for shop orders, hash
 * key {@code referenceOrder}; each pending (in {@code pending-index}) until reconciliation or its
 * notification settles it. The KBank orders of a shop order are found through {@code orderId-index}
 * (keys only), for the operator's tools.
 */
public final class KBankOrderRepository {

    static final String REFERENCE_ORDER = "referenceOrder";
    static final String ORDER_ID = "orderId";
    static final String ORDER_ID_INDEX = "orderId-index";
    static final String KBANK_ORDER_ID = "kbankOrderId";
    static final String AMOUNT = "amount";
    static final String SOURCE_TYPE = "sourceType";
    static final String CREATED_AT = "createdAt";
    /** Ours: the one report to a person of an order reconciliation could not settle. */
    static final String REPORT = "payment3Report";
    static final String PENDING_KIND = "kbank-order";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public KBankOrderRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records a new KBank order, pending. */
    public void record(KBankOrder order) {
        Map<String, AttributeValue> item = new HashMap<>(key(order.referenceOrder()));
        item.put(ORDER_ID, Items.s(order.orderId()));
        item.put(KBANK_ORDER_ID, Items.s(order.kbankOrderId()));
        item.put(AMOUNT, Items.n(order.amount().amount()));
        item.put(SOURCE_TYPE, Items.s(order.sourceType()));
        item.put(CREATED_AT, Items.instant(order.createdAt()));
        item.put(Pending.ATTRIBUTE, Items.s(PENDING_KIND));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    public Optional<KBankOrder> findByReference(String referenceOrder) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(referenceOrder))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toOrder(item));
    }

    /**
     * The KBank orders made for a shop order, oldest first: the keys through {@code orderId-index},
     * each order then read consistently. For the operator's tools, never on a request path.
     */
    public List<KBankOrder> forOrder(String orderId) {
        return Items.queryEqual(dynamoDb, table, ORDER_ID_INDEX, ORDER_ID, orderId)
                .map(keys -> Items.s(keys, REFERENCE_ORDER))
                .map(this::findByReference)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(KBankOrder::createdAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** The orders pending since before {@code cutoff}, through the sparse pending index. */
    public List<KBankOrder> pendingBefore(Instant cutoff) {
        return Pending.before(dynamoDb, table, PENDING_KIND, cutoff).stream().map(this::toOrder).toList();
    }

    /**
     * The pending payments recorded before {@code cutoff}, newest first, read from the sparse pending index
     * a page at a time as the caller goes on (reconciliation stops when its time is up).
     */
    public Iterator<KBankOrder> pendingNewestFirst(Instant cutoff) {
        return Pending.newestFirst(dynamoDb, table, PENDING_KIND, cutoff, Pending.PAGE_SIZE, this::toOrder);
    }

    /** How many payments are pending since {@code upTo} or before, and the oldest one's time. */
    public Left pendingLeft(Instant upTo) {
        return Pending.left(dynamoDb, table, PENDING_KIND, upTo);
    }

    /** Takes an order out of the pending index: paid, expired unpaid, or refused. */
    public boolean settle(String referenceOrder, SettledAs outcome, Instant at) {
        return Pending.settle(dynamoDb, table, key(referenceOrder), outcome, at);
    }

    /** The once-only report to a person of an order reconciliation could not settle. */
    public OnceOnly.Step report(String referenceOrder) {
        return new OnceOnly.Step(table, key(referenceOrder), REPORT);
    }

    private static Map<String, AttributeValue> key(String referenceOrder) {
        return Map.of(REFERENCE_ORDER, Items.s(referenceOrder));
    }

    private KBankOrder toOrder(Map<String, AttributeValue> item) {
        return Items.read(table, item, i -> new KBankOrder(Items.s(i, REFERENCE_ORDER), Items.s(i, ORDER_ID),
                Items.s(i, KBANK_ORDER_ID), Items.money(i, AMOUNT), Items.s(i, SOURCE_TYPE), Items.instant(i, CREATED_AT),
                i.containsKey(Pending.ATTRIBUTE), SettledAs.fromStored(Items.s(i, Pending.OUTCOME))));
    }
}
