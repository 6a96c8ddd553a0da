package com.villamarket.payment3.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;

/** A request body's fields, from a JSON object (tried first) or a URL-encoded form. */
public final class RequestFields {

    private RequestFields() {
    }

    /**
     * Reads the fields; JSON scalars become their text, JSON nulls and containers are left out.
     *
     * @throws IllegalArgumentException when the body is neither a JSON object nor a valid form
     */
    public static Map<String, String> parse(String body) {
        if (body.length() > FormBody.MAX_CHARS) {
            throw new IllegalArgumentException("the body is larger than " + FormBody.MAX_CHARS + " characters");
        }
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("{")) {
            JsonNode node;
            try {
                node = Json.parse(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the body is not valid JSON");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    fields.put(e.getKey(), e.getValue().asText());
                }
            });
            return Collections.unmodifiableMap(fields);
        }
        return FormBody.parse(body);
    }

    /** A yes/no field: "true", "1", "on", "yes" are yes; absent and anything else is no. */
    public static boolean flag(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "on", "yes" -> true;
            default -> false;
        };
    }
}
