package com.villamarket.payment3.ops;

import java.time.Instant;

/**
 * One thing the suite knows about an order or a charge, as one line of its story.
 *
 * @param at     when it happened; null when the table does not say
 * @param source where it was read, for example {@code qr-callback} or {@code error-log}
 * @param text   what it says, one line
 * @param replay the command that replays it, for an open error log entry that can be replayed; null otherwise
 */
public record StoryEvent(Instant at, String source, String text, String replay) {

    static StoryEvent of(Instant at, String source, String text) {
        return new StoryEvent(at, source, text, null);
    }
}
