package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.pynamo.PynamoFormats;
import com.villamarket.payment3.common.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads and writes single attributes of a low-level item in PynamoDB's stored formats: strings as S,
 * booleans as BOOL, numbers as N, datetimes as {@link PynamoFormats} strings. Absent reads as null.
 */
public final class Items {

    private Items() {
    }

    /**
     * Maps a stored item to a record; an item that does not have the shape expected is our own bad
     * data, reported as a {@link StoredDataException} naming the table.
     */
    public static <T> T read(String table, Map<String, AttributeValue> item, Function<Map<String, AttributeValue>, T> mapping) {
        try {
            return mapping.apply(item);
        } catch (RuntimeException e) {
            throw new StoredDataException("an item of " + table + " is not in the stored shape: " + e.getMessage(), e);
        }
    }

    /**
     * Every item whose key attribute (the table's hash key, or an index's) has this value, over
     * every page: read consistently from a table, eventually from an index (which cannot do better).
     *
     * @param index the index to query; null for the table itself
     */
    public static Stream<Map<String, AttributeValue>> queryEqual(DynamoDbClient dynamoDb, String table, String index,
            String attribute, String value) {
        return dynamoDb.queryPaginator(r -> r.tableName(table).indexName(index).consistentRead(index == null ? true : null)
                        .keyConditionExpression("#a = :v")
                        .expressionAttributeNames(Map.of("#a", attribute))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))))
                .items().stream();
    }

    /** A string attribute; null when absent or not a string. */
    public static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A boolean attribute; false when absent. */
    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** A number attribute as a decimal; null when absent. */
    public static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : new BigDecimal(value.n());
    }

    /** A number attribute as an amount of baht; null when absent. */
    public static Money money(Map<String, AttributeValue> item, String name) {
        BigDecimal decimal = decimal(item, name);
        return decimal == null ? null : Money.of(decimal);
    }

    /** A datetime attribute in PynamoDB's format; null when absent. */
    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = s(item, name);
        return text == null ? null : PynamoFormats.parseDateTime(text);
    }

    /** An S attribute. */
    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** An N attribute of a decimal. */
    public static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    /** A datetime in PynamoDB's format. */
    public static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(PynamoFormats.dateTime(value));
    }

    /** Puts a string attribute, only when the value is not null (DynamoDB stores no null strings). */
    public static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    /** Puts an amount as a number attribute, only when it is not null. */
    public static void putMoney(Map<String, AttributeValue> item, String name, Money value) {
        if (value != null) {
            item.put(name, n(value.amount()));
        }
    }
}
