package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The shop's order table (hash key {@code orderId}, the order in {@code data}).
 *
 * <p>{@code data} may be a JSON string or a map: both are read, and each is written back in the form
 * found. The suite adds attributes of its own beside {@code data}, which PynamoDB ignores:
 * {@value #PAID_CHARGE_ID} and {@value #PAID_AT}, which make the paid transition happen once, one
 * once-only step per after-paid effect ({@link #STEPS}), and {@value #FINISHED_AT} when all are done.
 */
public final class OrderRepository {

    static final String ORDER_ID = "orderId";
    static final String DATA = "data";
    static final String PAID_CHARGE_ID = "payment3PaidChargeId";
    static final String PAID_AT = "payment3PaidAt";
    static final String FINISHED_AT = "payment3FinishedAt";
    /** The paid notification (e-mail, SNS), a once-only step. */
    public static final String NOTIFY = "payment3Notify";
    /** The hand-on to the shop's Pay function, a once-only step. */
    public static final String PAY = "payment3Pay";
    /** Keeping the customer's card (kbank-create-user), a once-only step. */
    public static final String SAVE_CARD = "payment3SaveCard";
    /** Every once-only after-paid step attribute. */
    public static final List<String> STEPS = List.of(NOTIFY, PAY, SAVE_CARD);

    /** The order table's model: the shop's {@code data} and the suite's own markers and steps. */
    static final Models.Lazy<TableSchema<Order>> SCHEMA = Models.lazy(OrderRepository::schema);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Models.Lazy<DynamoDbTable<Order>> orders;

    public OrderRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.orders = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    private static TableSchema<Order> schema() {
        Models.Schema<Order, Order.Builder> schema = Models.schema(Order.class, Order.Builder.class, Order.Builder::new,
                        Order.Builder::build)
                .add(ORDER_ID, IdConverters.ORDER_ID, Order::orderId, Order.Builder::orderId, primaryPartitionKey())
                .add(DATA, StoredOrderData.CONVERTER, Order::storedOrderData, Order.Builder::data)
                .add(PAID_CHARGE_ID, IdConverters.CHARGE_ID, Order::paidChargeId, Order.Builder::paidChargeId)
                .add(PAID_AT, PynamoConverters.DATE_TIME, Order::paidAt, Order.Builder::paidAt)
                .add(FINISHED_AT, PynamoConverters.DATE_TIME, Order::finishedAt, Order.Builder::finishedAt);
        for (String step : STEPS) {
            schema.step(step, (b, state) -> b.step(step, state));
        }
        return schema.build();
    }

    /**
     * Reads an order consistently.
     *
     * @throws StoredDataException when the item's {@code data} is neither a JSON object text nor a map
     */
    public Optional<Order> find(OrderId orderId) {
        try {
            return Optional.ofNullable(Models.read(table,
                    () -> orders.get().getItem(r -> r.key(key(orderId)).consistentRead(true))));
        } catch (StoredDataException e) {
            throw new StoredDataException("order " + orderId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Marks an order paid with one conditional write: sets {@code data.payment} to the header and
     * records the charge, only if no charge marked it paid before and the order is as it was read.
     *
     * @return true when this call marked it; false when the order changed or was paid meanwhile (read it again)
     */
    public boolean markPaid(Order read, ObjectNode paymentHeader, ChargeId chargeId, Instant at) {
        Map<String, String> names = new HashMap<>(Map.of("#data", DATA, "#paidBy", PAID_CHARGE_ID, "#paidAt", PAID_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":charge", IdConverters.CHARGE_ID.transformFrom(chargeId),
                ":at", PynamoConverters.DATE_TIME.transformFrom(at)));
        String update;
        String condition;
        if (read.form() == DataForm.JSON_STRING) {
            ObjectNode data = read.data();
            data.set("payment", paymentHeader);
            update = "SET #data = :data, #paidBy = :charge, #paidAt = :at";
            // The whole text must be as read: the shop's own edits are never overwritten.
            condition = "attribute_not_exists(#paidBy) AND #data = :read";
            values.put(":data", AttributeValue.fromS(Json.write(data)));
            values.put(":read", AttributeValue.fromS(read.storedData()));
        } else {
            // A map is updated in place: only data.payment changes, nothing else of the order.
            names.put("#payment", "payment");
            names.put("#isPaid", "isPaid");
            update = "SET #data.#payment = :header, #paidBy = :charge, #paidAt = :at";
            condition = "attribute_not_exists(#paidBy) AND attribute_type(#data, :map)"
                    + " AND (attribute_not_exists(#data.#payment.#isPaid) OR #data.#payment.#isPaid <> :true)";
            values.put(":header", DynamoJson.toAttribute(paymentHeader));
            values.put(":map", AttributeValue.fromS("M"));
            values.put(":true", AttributeValue.fromBool(true));
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(lowLevelKey(read.orderId()))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** An after-paid step of an order (one of {@link #STEPS}). */
    public OnceOnly.Step step(OrderId orderId, String step) {
        return new OnceOnly.Step(table, lowLevelKey(orderId), step);
    }

    /** The claim condition of an after-paid step: the order is marked paid with this charge. */
    public static OnceOnly.Condition paidWith(ChargeId chargeId) {
        return OnceOnly.Condition.equal(PAID_CHARGE_ID, IdConverters.CHARGE_ID.transformFrom(chargeId));
    }

    /** Records that every after-paid step of the order paid with this charge is done (once; later calls change nothing). */
    public void markFinished(OrderId orderId, ChargeId chargeId, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(lowLevelKey(orderId))
                    .updateExpression("SET #f = :at")
                    .conditionExpression("#paidBy = :charge AND attribute_not_exists(#f)")
                    .expressionAttributeNames(Map.of("#f", FINISHED_AT, "#paidBy", PAID_CHARGE_ID))
                    .expressionAttributeValues(Map.of(":at", PynamoConverters.DATE_TIME.transformFrom(at),
                            ":charge", IdConverters.CHARGE_ID.transformFrom(chargeId))));
        } catch (ConditionalCheckFailedException e) {
            // Finished before.
        }
    }

    /** Writes a whole order item (seeding, tests); {@code data} in the given form. */
    public void put(OrderId orderId, ObjectNode data, DataForm form) {
        orders.get().putItem(Order.of(orderId, data, form));
    }

    private static Key key(OrderId orderId) {
        return Key.builder().partitionValue(orderId.value()).build();
    }

    /** The key as the low-level client's conditional writes name it. */
    private static Map<String, AttributeValue> lowLevelKey(OrderId orderId) {
        return Map.of(ORDER_ID, IdConverters.ORDER_ID.transformFrom(orderId));
    }
}
