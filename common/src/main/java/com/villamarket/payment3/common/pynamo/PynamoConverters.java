package com.villamarket.payment3.common.pynamo;

import com.villamarket.payment3.common.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The enhanced client's attribute converters for PynamoDB's stored formats, so that a table model reads
 * what the Python stack wrote and writes what it reads: {@code UTCDateTimeAttribute} strings, N numbers as
 * decimals (never {@code double}), BOOL booleans, S strings, typed ids as S, enums as their names.
 *
 * <p>The enhanced client never hands a converter an absent or NULL attribute (the model's field is left at
 * its default) nor asks it to write a null (the attribute is left out), as PynamoDB leaves out a null.
 */
public final class PynamoConverters {

    /** {@code UTCDateTimeAttribute}: {@code 2025-05-30T20:56:58.833000+0000}, truncated to microseconds. */
    public static final AttributeConverter<Instant> DATE_TIME = new Converter<>(EnhancedType.of(Instant.class),
            AttributeValueType.S, v -> AttributeValue.fromS(PynamoFormats.dateTime(v)),
            a -> a.s() == null ? null : PynamoFormats.parseDateTime(a.s()));

    /** An N number as a decimal, written in plain notation. */
    public static final AttributeConverter<BigDecimal> DECIMAL = new Converter<>(EnhancedType.of(BigDecimal.class),
            AttributeValueType.N, v -> AttributeValue.fromN(v.toPlainString()),
            a -> a.n() == null ? null : new BigDecimal(a.n()));

    /** An amount of baht as an N number. */
    public static final AttributeConverter<Money> MONEY = new Converter<>(EnhancedType.of(Money.class),
            AttributeValueType.N, v -> AttributeValue.fromN(v.amount().toPlainString()),
            a -> a.n() == null ? null : Money.of(new BigDecimal(a.n())));

    /** A BOOL; any other stored type reads as false, as PynamoDB's {@code BooleanAttribute} never writes one. */
    public static final AttributeConverter<Boolean> BOOL = new Converter<>(EnhancedType.of(Boolean.class),
            AttributeValueType.BOOL, AttributeValue::fromBool, a -> Boolean.TRUE.equals(a.bool()));

    /** An S string; a stored value of another type reads as absent (null). */
    public static final AttributeConverter<String> TEXT = new Converter<>(EnhancedType.of(String.class),
            AttributeValueType.S, AttributeValue::fromS, AttributeValue::s);

    /** A string set (SS), read as a list; an attribute of another type reads as empty. */
    @SuppressWarnings("unchecked")
    public static final AttributeConverter<List<String>> TEXT_SET = new Converter<>(
            (EnhancedType<List<String>>) (EnhancedType<?>) EnhancedType.listOf(String.class), AttributeValueType.SS,
            AttributeValue::fromSs, a -> a.hasSs() ? List.copyOf(a.ss()) : List.of());

    private PynamoConverters() {
    }

    /**
     * A typed id stored as its S text: {@code parse} checks the shape when read (a stored value of the wrong
     * shape is bad data, thrown as {@link IllegalArgumentException}), {@code text} gives the stored text.
     */
    public static <T> AttributeConverter<T> id(Class<T> type, Function<String, T> parse, Function<T, String> text) {
        return new Converter<>(EnhancedType.of(type), AttributeValueType.S, v -> AttributeValue.fromS(text.apply(v)),
                a -> a.s() == null ? null : parse.apply(a.s()));
    }

    /**
     * A set of typed ids stored as a string set (SS) of their texts, read as a list: each read as {@link #id} reads
     * one; an attribute of another type reads as empty, as {@link #TEXT_SET} reads it.
     */
    @SuppressWarnings("unchecked")
    public static <T> AttributeConverter<List<T>> idSet(Class<T> type, Function<String, T> parse, Function<T, String> text) {
        return new Converter<>((EnhancedType<List<T>>) (EnhancedType<?>) EnhancedType.listOf(type), AttributeValueType.SS,
                v -> AttributeValue.fromSs(v.stream().map(text).toList()),
                a -> a.hasSs() ? a.ss().stream().map(parse).toList() : List.of());
    }

    /**
     * An enum stored as its name; a stored name this build does not know (a later build's, or the Python
     * stack's) reads as {@code unknown}, which is never written.
     */
    public static <E extends Enum<E>> AttributeConverter<E> named(Class<E> type, E unknown) {
        return new Converter<>(EnhancedType.of(type), AttributeValueType.S, v -> {
            if (v == unknown) {
                throw new IllegalArgumentException(unknown + " is what an unknown stored name reads as, never one to store");
            }
            return AttributeValue.fromS(v.name());
        }, a -> {
            if (a.s() == null) {
                return null;
            }
            for (E value : type.getEnumConstants()) {
                if (value != unknown && value.name().equals(a.s())) {
                    return value;
                }
            }
            return unknown;
        });
    }

    private record Converter<T>(EnhancedType<T> type, AttributeValueType attributeValueType,
            Function<T, AttributeValue> write, Function<AttributeValue, T> read) implements AttributeConverter<T> {

        @Override
        public AttributeValue transformFrom(T input) {
            return write.apply(input);
        }

        @Override
        public T transformTo(AttributeValue input) {
            return read.apply(input);
        }
    }
}
