package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
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
    /** Ours: the one report to a person of an order reconciliation could not settle. */
    static final String REPORT = "payment3Report";
    static final String PENDING_KIND = "kbank-order";

    /**
     * The table's model: the shop's order id typed (an S text), {@code amount} an N number of baht, the pending marker (the payment kind, present
     * while unsettled) and the outcome; the report step is written by {@link OnceOnly} alone.
     */
    static final Models.Lazy<TableSchema<KBankOrder>> SCHEMA = Models.lazy(() -> Models.schema(
                    KBankOrder.class, KBankOrder.Builder.class,
                    KBankOrder.Builder::new, KBankOrder.Builder::build)
            .add(REFERENCE_ORDER, PynamoConverters.TEXT, KBankOrder::referenceOrder, KBankOrder.Builder::referenceOrder,
                    primaryPartitionKey())
            .add(ORDER_ID, IdConverters.ORDER_ID, KBankOrder::orderId, KBankOrder.Builder::orderId,
                    secondaryPartitionKey(ORDER_ID_INDEX))
            .add(KBANK_ORDER_ID, PynamoConverters.TEXT, KBankOrder::kbankOrderId, KBankOrder.Builder::kbankOrderId)
            .add(AMOUNT, PynamoConverters.MONEY, KBankOrder::amount, KBankOrder.Builder::amount)
            .add(SOURCE_TYPE, PynamoConverters.TEXT, KBankOrder::sourceType, KBankOrder.Builder::sourceType)
            .with(Pending.attributes(PENDING_KIND))
            .build());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Models.Lazy<DynamoDbTable<KBankOrder>> orders;

    public KBankOrderRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.orders = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** Records a new KBank order, pending. */
    public void record(KBankOrder order) {
        orders.get().putItem(new KBankOrder(order.referenceOrder(), order.orderId(), order.kbankOrderId(), order.amount(),
                order.sourceType(), order.createdAt(), true, null));
    }

    public Optional<KBankOrder> findByReference(String referenceOrder) {
        return Optional.ofNullable(Models.read(table,
                () -> orders.get().getItem(r -> r.key(Models.key(referenceOrder)).consistentRead(true))));
    }

    /**
     * The shop order a KBank order of this {@code reference_order} was recorded for (one consistent read), by this
     * suite or by the Python stack; empty when no KBank order has this reference.
     */
    public Optional<OrderId> orderOf(String referenceOrder) {
        return findByReference(referenceOrder).map(KBankOrder::orderId);
    }

    /**
     * The KBank orders made for a shop order, oldest first: the keys through {@code orderId-index},
     * each order then read consistently. For the operator's tools, never on a request path.
     */
    public List<KBankOrder> forOrder(OrderId orderId) {
        return Models.queryEqual(orders.get(), ORDER_ID_INDEX, Models.key(orderId.value())).stream()
                .map(keys -> findByReference(keys.referenceOrder()))
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

    /** Takes an order out of the pending index: paid, expired unpaid, or refused. Only its lifecycle calls this. */
    boolean settle(String referenceOrder, SettledAs outcome, Instant at) {
        return Pending.settle(dynamoDb, table, key(referenceOrder), outcome, at);
    }

    /** The once-only report to a person of an order reconciliation could not settle. */
    public OnceOnly.Step report(String referenceOrder) {
        return new OnceOnly.Step(table, key(referenceOrder), REPORT);
    }

    /** The key as the low-level client's conditional writes name it. */
    private static Map<String, AttributeValue> key(String referenceOrder) {
        return Map.of(REFERENCE_ORDER, AttributeValue.fromS(referenceOrder));
    }

    private KBankOrder toOrder(Map<String, AttributeValue> item) {
        return Models.read(table, SCHEMA.get(), item);
    }
}
