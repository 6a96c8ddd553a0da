package com.villamarket.payment3.common.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A page at a time of a payment table's items that carry none of our pending attributes (the Python stack's),
 * for the one-off adoption at switch-over: each item read as its model, or, when it is not in the shape this
 * suite reads, kept as malformed with its key, so that one odd item never stops the rest; and the position
 * after each, so that a scan stopped by its time can go on from there in another invocation.
 */
public final class UnmarkedScan {

    /** An item's key is one string of at most {@value #MAX_KEY_CHARS} characters (DynamoDB's bound is 2048 bytes). */
    static final int MAX_KEY_CHARS = 2048;
    /** A position's text is bounded before it is decoded. */
    static final int MAX_POSITION_CHARS = 4096;

    private UnmarkedScan() {
    }

    /**
     * One page of a scan.
     *
     * @param items the page's items that passed the scan's filter, in the scan's order
     * @param next  where the scan goes on; null when the table was read to its end
     */
    public record Page<T>(List<Item<T>> items, Position next) {
    }

    /**
     * One item of a page.
     *
     * @param key       the item's hash key as stored (text, for the log and a person)
     * @param record    the item as its model; null when malformed
     * @param malformed why the item could not be read; null when it was
     * @param at        the position just after this item
     */
    public record Item<T>(String key, T record, StoredDataException malformed, Position at) {

        public boolean isMalformed() {
            return malformed != null;
        }
    }

    /**
     * Where a scan of one table stands: just after the item of this key, as DynamoDB's {@code ExclusiveStartKey}
     * takes it. Its {@link #text} is URL-safe base64 of {@code {"<key attribute>": "<key>"}}, safe to hand to an
     * operator and back.
     */
    public static final class Position {
        private final String attribute;
        private final String key;

        private Position(String attribute, String key) {
            this.attribute = attribute;
            this.key = key;
        }

        /** The position as text, to be read back by {@link #parse} with the same table's key attribute. */
        public String text() {
            String json = Json.write(Json.object().put(attribute, key));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        Map<String, AttributeValue> startKey() {
            return Map.of(attribute, AttributeValue.fromS(key));
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * A position read back from its text, for the table whose hash key is {@code attribute}.
     *
     * @throws IllegalArgumentException when the text is longer than a position can be, is not URL-safe base64 of a
     *                                  JSON object, or does not name exactly this table's key as one string
     */
    static Position parse(String text, String attribute) {
        if (text == null || text.isEmpty() || text.length() > MAX_POSITION_CHARS) {
            throw new IllegalArgumentException("a scan position is 1 to " + MAX_POSITION_CHARS + " characters");
        }
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a scan position is URL-safe base64; this one is not", e);
        }
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a scan position holds a JSON object; this one does not", e);
        }
        if (node == null || !node.isObject() || node.size() != 1 || !node.path(attribute).isTextual()) {
            throw new IllegalArgumentException("a scan position of this table names its key, " + attribute
                    + ", and nothing else; this one does not");
        }
        String key = node.get(attribute).textValue();
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("a scan position's key is 1 to " + MAX_KEY_CHARS + " characters");
        }
        return new Position(attribute, key);
    }

    /** A page of raw items read as models (each malformed one kept with its key) and positioned after each. */
    static <T> Page<T> page(String table, String attribute, Pending.ScanPage raw,
            Function<Map<String, AttributeValue>, T> read) {
        List<Item<T>> items = raw.items().stream().map(item -> {
            AttributeValue stored = item.get(attribute);
            String key = stored == null || stored.s() == null ? "" : stored.s();
            Position at = new Position(attribute, key);
            try {
                return new Item<>(key, read.apply(item), null, at);
            } catch (StoredDataException e) {
                return new Item<T>(key, null, e, at);
            } catch (RuntimeException e) {
                return new Item<T>(key, null, new StoredDataException("an item of " + table + " is not in the stored shape: "
                        + e.getMessage(), e), at);
            }
        }).toList();
        Map<String, AttributeValue> last = raw.lastKey();
        Position next = last == null ? null : new Position(attribute, last.get(attribute).s());
        return new Page<>(items, next);
    }
}
