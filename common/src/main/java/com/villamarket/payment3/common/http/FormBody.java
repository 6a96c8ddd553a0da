package com.villamarket.payment3.common.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strict {@code application/x-www-form-urlencoded} parsing for callbacks. */
public final class FormBody {

    /** Callbacks are a few hundred bytes; anything far larger is not one. */
    public static final int MAX_CHARS = 8_192;

    private FormBody() {
    }

    /**
     * Parses a form body into its fields.
     *
     * @throws IllegalArgumentException when the body is too large, a percent escape is invalid or a
     *                                  field is given twice (which value would count?)
     */
    public static Map<String, String> parse(String body) {
        if (body.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the body is larger than " + MAX_CHARS + " characters");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("the field '" + printable(name) + "' is given more than once");
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the body has an invalid percent escape");
        }
    }

    /** A field name cut short and without control characters, for messages. */
    private static String printable(String name) {
        String flat = name.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 40 ? flat.substring(0, 40) + "…" : flat;
    }
}
