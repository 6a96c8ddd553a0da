package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stores an {@link Instant} as PynamoDB's {@code UTCDateTimeAttribute} string. */
final class PynamoDateTimeConverter implements AttributeConverter<Instant> {

    static final PynamoDateTimeConverter INSTANCE = new PynamoDateTimeConverter();

    @Override
    public AttributeValue transformFrom(Instant input) {
        return AttributeValue.fromS(PynamoFormats.dateTime(input));
    }

    @Override
    public Instant transformTo(AttributeValue input) {
        return input.s() == null ? null : PynamoFormats.parseDateTime(input.s());
    }

    @Override
    public EnhancedType<Instant> type() {
        return EnhancedType.of(Instant.class);
    }

    @Override
    public AttributeValueType attributeValueType() {
        return AttributeValueType.S;
    }
}
