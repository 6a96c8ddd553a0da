package com.villamarket.payment3.common.pynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PynamoConvertersTest {

    private enum Colour { RED, GREEN, UNKNOWN }

    private static final AttributeConverter<Colour> COLOURS = PynamoConverters.named(Colour.class, Colour.UNKNOWN);

    @Test
    void dateTimeIsPynamoDbsUtcDateTimeString() {
        Instant at = Instant.parse("2025-05-30T20:56:58.833Z");
        assertEquals(AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"), PynamoConverters.DATE_TIME.transformFrom(at));
        assertEquals(at, PynamoConverters.DATE_TIME.transformTo(AttributeValue.fromS("2025-05-30T20:56:58.833000+0000")));
    }

    @Test
    void moneyIsAnExactDecimalNumberNeverADouble() {
        assertEquals(AttributeValue.fromN("0.30"), PynamoConverters.MONEY.transformFrom(Money.of("0.30")));
        // 0.1 + 0.2 in a double is 0.30000000000000004: a decimal read keeps the stored digits.
        assertEquals(Money.of("0.30"), PynamoConverters.MONEY.transformTo(AttributeValue.fromN("0.3")));
        assertEquals(new BigDecimal("12345678901234567.89"),
                PynamoConverters.DECIMAL.transformTo(AttributeValue.fromN("12345678901234567.89")));
        assertEquals(AttributeValue.fromN("100"), PynamoConverters.DECIMAL.transformFrom(new BigDecimal("1E+2")),
                "plain notation, as PynamoDB writes numbers");
    }

    @Test
    void booleansAreBoolAndAnythingElseReadsFalse() {
        assertEquals(AttributeValue.fromBool(true), PynamoConverters.BOOL.transformFrom(true));
        assertEquals(true, PynamoConverters.BOOL.transformTo(AttributeValue.fromBool(true)));
        assertFalse(PynamoConverters.BOOL.transformTo(AttributeValue.fromS("true")));
    }

    @Test
    void textOfAnotherTypeReadsAbsent() {
        assertEquals("x", PynamoConverters.TEXT.transformTo(AttributeValue.fromS("x")));
        assertNull(PynamoConverters.TEXT.transformTo(AttributeValue.fromN("1")));
    }

    @Test
    void textSetReadsAsAList() {
        assertEquals(List.of("a"), PynamoConverters.TEXT_SET.transformTo(AttributeValue.fromSs(List.of("a"))));
        assertEquals(List.of(), PynamoConverters.TEXT_SET.transformTo(AttributeValue.fromS("a")));
    }

    @Test
    void enumsAreStoredByNameAndAnUnknownNameReadsUnknown() {
        assertEquals(AttributeValue.fromS("GREEN"), COLOURS.transformFrom(Colour.GREEN));
        assertEquals(Colour.RED, COLOURS.transformTo(AttributeValue.fromS("RED")));
        assertEquals(Colour.UNKNOWN, COLOURS.transformTo(AttributeValue.fromS("PURPLE")), "a later build's name");
        assertEquals(Colour.UNKNOWN, COLOURS.transformTo(AttributeValue.fromS("red")), "names are exact");
        assertThrows(IllegalArgumentException.class, () -> COLOURS.transformFrom(Colour.UNKNOWN), "never written");
    }

    @Test
    void typedIdsAreTextsCheckedWhenRead() {
        AttributeConverter<ChargeId> charges = PynamoConverters.id(ChargeId.class, ChargeId::new, ChargeId::value);
        assertEquals(AttributeValue.fromS("chrg_test_1"), charges.transformFrom(new ChargeId("chrg_test_1")));
        assertEquals(new ChargeId("chrg_test_1"), charges.transformTo(AttributeValue.fromS("chrg_test_1")));
        assertThrows(IllegalArgumentException.class, () -> charges.transformTo(AttributeValue.fromS("not a charge")));
    }
}
