package com.villamarket.payment3.common.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The shop's order table (hash key {@code orderId}, the order in {@code data}).
 *
 * <p>{@code data} may be a JSON string or a map: both are read, and each is written back in the form
 * found. The suite adds attributes of its own beside {@code data}, which PynamoDB ignores:
 * {@value #PAID_CHARGE_ID} and {@value #PAID_AT}, which make the paid transition happen once, and one
 * per once-only step after it ({@link #STEPS}).
 */
public final class OrderRepository {

    public static final String ORDER_ID = "orderId";
    public static final String DATA = "data";
    public static final String PAID_CHARGE_ID = "payment3PaidChargeId";
    public static final String PAID_AT = "payment3PaidAt";
    public static final String NOTIFIED_AT = "payment3NotifiedAt";
    public static final String PAY_INVOKED_AT = "payment3PayInvokedAt";
    public static final String CARD_SAVED_AT = "payment3CardSavedAt";
    /** Every once-only after-paid step attribute. */
    public static final java.util.List<String> STEPS = java.util.List.of(NOTIFIED_AT, PAY_INVOKED_AT, CARD_SAVED_AT);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public OrderRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * Reads an order consistently.
     *
     * @throws IllegalStateException when the item's {@code data} is neither a JSON object text nor a map
     */
    public Optional<Order> find(OrderId orderId) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(tableName).key(key(orderId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        AttributeValue data = item.get(DATA);
        ObjectNode json;
        DataForm form;
        String stored = null;
        if (data != null && data.s() != null) {
            JsonNode parsed = Json.parse(data.s());
            if (!parsed.isObject()) {
                throw new IllegalStateException("order " + orderId + " has data that is not a JSON object");
            }
            json = (ObjectNode) parsed;
            form = DataForm.JSON_STRING;
            stored = data.s();
        } else if (data != null && data.hasM()) {
            json = (ObjectNode) DynamoJson.fromAttribute(data);
            form = DataForm.MAP;
        } else {
            throw new IllegalStateException("order " + orderId + " has no data");
        }
        Map<String, Instant> steps = new HashMap<>();
        for (String step : STEPS) {
            Instant at = instant(item, step);
            if (at != null) {
                steps.put(step, at);
            }
        }
        return Optional.of(new Order(orderId, json, form, stored, string(item, PAID_CHARGE_ID),
                instant(item, PAID_AT), steps));
    }

    /**
     * Marks an order paid with one conditional write: sets {@code data.payment} to the header and
     * records the charge, only if no charge marked it paid before and the order is as it was read.
     *
     * @return true when this call marked it; false when the order changed or was paid meanwhile (read it again)
     */
    public boolean markPaid(Order read, ObjectNode paymentHeader, ChargeId chargeId, Instant at) {
        Map<String, String> names = new HashMap<>(Map.of("#data", DATA, "#paidBy", PAID_CHARGE_ID, "#paidAt", PAID_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":charge", AttributeValue.fromS(chargeId.value()),
                ":at", AttributeValue.fromS(PynamoFormats.dateTime(at))));
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
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(read.orderId()))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Claims a once-only step (one of {@link #STEPS}) of an order marked paid with this charge.
     *
     * @return true when this call claimed it
     */
    public boolean claimStep(OrderId orderId, ChargeId chargeId, String step, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(orderId))
                    .updateExpression("SET #step = :at")
                    .conditionExpression("#paidBy = :charge AND attribute_not_exists(#step)")
                    .expressionAttributeNames(Map.of("#step", step, "#paidBy", PAID_CHARGE_ID))
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(PynamoFormats.dateTime(at)),
                            ":charge", AttributeValue.fromS(chargeId.value()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives a step's claim back after the step failed, so that a retry runs it. */
    public void releaseStep(OrderId orderId, String step, Instant claimedAt) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(orderId))
                    .updateExpression("REMOVE #step")
                    .conditionExpression("#step = :at")
                    .expressionAttributeNames(Map.of("#step", step))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(PynamoFormats.dateTime(claimedAt)))));
        } catch (ConditionalCheckFailedException e) {
            // Not ours any more: leave it.
        }
    }

    /** Writes a whole order item (seeding, tests); {@code data} in the given form. */
    public void put(OrderId orderId, ObjectNode data, DataForm form) {
        Map<String, AttributeValue> item = new HashMap<>(key(orderId));
        item.put(DATA, form == DataForm.MAP ? DynamoJson.toAttribute(data) : AttributeValue.fromS(Json.write(data)));
        dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }

    private static Map<String, AttributeValue> key(OrderId orderId) {
        return Map.of(ORDER_ID, AttributeValue.fromS(orderId.value()));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        return text == null ? null : PynamoFormats.parseDateTime(text);
    }
}
