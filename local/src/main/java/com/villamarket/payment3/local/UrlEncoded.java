package com.villamarket.payment3.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code a=1&b=2} as the local parts read it (a query string, the AWS Query protocol's body): lenient and
 * unbounded, for this machine's own requests. Callbacks from outside go through {@code FormBody}'s strict rules.
 */
final class UrlEncoded {

    private UrlEncoded() {
    }

    /** The fields, the last of a repeated name winning; null or empty gives none. */
    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
