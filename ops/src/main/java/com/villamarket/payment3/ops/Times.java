package com.villamarket.payment3.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a story writes a moment: in the reader's time zone and in UTC, to the millisecond. */
final class Times {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String local(Instant at, ZoneId zone) {
        return at == null ? "" : LOCAL.format(at.atZone(zone));
    }

    static String utc(Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    /** Both, for a sentence: {@code 2026-11-22 12:31:19.226 +07:00 (2026-11-22 05:31:19.226Z)}. */
    static String both(Instant at, ZoneId zone) {
        return at == null ? "an unknown time" : local(at, zone) + " (" + utc(at) + ")";
    }
}
