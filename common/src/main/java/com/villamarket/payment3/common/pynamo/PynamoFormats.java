package com.villamarket.payment3.common.pynamo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * The stored formats of PynamoDB, so that the Python stack and this suite read each other's items.
 *
 * <p>{@code UTCDateTimeAttribute} is a string {@code 2025-05-30T20:56:58.833000+0000} (microseconds,
 * offset without colon); {@code JSONAttribute} is a JSON string; booleans are BOOL, numbers N.
 */
public final class PynamoFormats {

    private static final DateTimeFormatter WRITE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx").withZone(ZoneOffset.UTC);

    /** Reads the format above, and also ISO-8601 offsets with a colon or fewer fraction digits. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HHMM", "+0000").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private PynamoFormats() {
    }

    /** Formats an instant as PynamoDB's {@code UTCDateTimeAttribute}, truncated to microseconds. */
    public static String dateTime(Instant instant) {
        return WRITE.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** Parses PynamoDB's datetime string. */
    public static Instant parseDateTime(String text) {
        return OffsetDateTime.parse(text, READ).toInstant();
    }
}
