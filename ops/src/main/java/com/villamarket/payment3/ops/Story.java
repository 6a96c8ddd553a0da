package com.villamarket.payment3.ops;

import java.time.Instant;
import java.util.List;

/**
 * The story of one order or one charge: every event the suite knows, oldest first, and its verdict.
 *
 * @param subject what was asked for: an order id or a charge id
 * @param orderId the order the story is of; null when no order could be told (a charge bound to none)
 * @param events  oldest first; events the tables give no time for come last
 * @param notes   what the story may lack and why (a bounded scan stopped early, KBank not asked, …)
 * @param toldAt  when the tables (and KBank) were read
 */
public record Story(String subject, String orderId, List<StoryEvent> events, Verdict verdict, List<String> notes,
        Instant toldAt) {

    public Story {
        events = List.copyOf(events);
        notes = List.copyOf(notes);
    }
}
