package com.villamarket.payment3.common.pynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PynamoFormatsTest {

    @Test
    void writesPynamoDbsUtcDateTime() {
        assertEquals("2025-05-30T20:56:58.833000+0000", PynamoFormats.dateTime(Instant.parse("2025-05-30T20:56:58.833Z")));
        assertEquals("2025-05-30T20:56:58.000001+0000", PynamoFormats.dateTime(Instant.parse("2025-05-30T20:56:58.000001999Z")));
    }

    @Test
    void readsPynamoDbsUtcDateTimeAndIsoVariants() {
        Instant expected = Instant.parse("2025-05-30T20:56:58.833Z");
        assertEquals(expected, PynamoFormats.parseDateTime("2025-05-30T20:56:58.833000+0000"));
        assertEquals(expected, PynamoFormats.parseDateTime("2025-05-30T20:56:58.833+00:00"));
        assertEquals(expected, PynamoFormats.parseDateTime("2025-05-31T03:56:58.833000+0700"));
    }

    @Test
    void roundTrips() {
        Instant now = Instant.parse("2026-11-21T00:00:00.123456Z");
        assertEquals(now, PynamoFormats.parseDateTime(PynamoFormats.dateTime(now)));
    }
}
