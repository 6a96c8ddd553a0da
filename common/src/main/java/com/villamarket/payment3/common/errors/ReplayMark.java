package com.villamarket.payment3.common.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The mark replay puts on an error log entry's event when it sends it again: a top-level field naming the
 * entry, which no caller from outside can set (API Gateway writes an event's top level; a caller writes only
 * its body and headers). The function's {@link ErrorLogger} reads it, so that a failure of a replay is
 * that entry's outcome, never a new entry or a new e-mail.
 */
public final class ReplayMark {

    /** The event's field that names the entry replayed. */
    public static final String FIELD = "payment3ReplayOf";
    private static final Pattern ERROR_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ReplayMark() {
    }

    /**
     * The event with the mark of entry {@code errorId}; an event that is not a JSON object goes unmarked
     * (its function cannot be told, and then logs a new entry as it would).
     */
    public static String mark(String rawEvent, String errorId) {
        JsonNode node;
        try {
            node = Json.parse(rawEvent);
        } catch (RuntimeException e) {
            return rawEvent;
        }
        if (!(node instanceof ObjectNode object)) {
            return rawEvent;
        }
        object.put(FIELD, errorId);
        return Json.write(object);
    }

    /** The entry an event replays; empty for an event replay did not send (or a mark that names no entry id). */
    public static Optional<String> read(String rawEvent) {
        if (rawEvent == null || !rawEvent.contains(FIELD)) {
            return Optional.empty();
        }
        try {
            String id = Json.text(Json.parse(rawEvent), FIELD);
            return id != null && ERROR_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The event without the mark, as it was stored. */
    public static String unmarked(String rawEvent) {
        if (rawEvent == null || !rawEvent.contains(FIELD)) {
            return rawEvent;
        }
        try {
            JsonNode node = Json.parse(rawEvent);
            if (node instanceof ObjectNode object) {
                object.remove(FIELD);
                return Json.write(object);
            }
        } catch (RuntimeException e) {
            // not JSON: nothing was marked
        }
        return rawEvent;
    }
}
