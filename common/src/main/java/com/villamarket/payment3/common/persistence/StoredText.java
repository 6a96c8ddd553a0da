package com.villamarket.payment3.common.persistence;

/** Keeps long texts within DynamoDB's 400 KB item limit. */
public final class StoredText {

    /** The most characters of a raw event kept in one item (UTF-8 may need up to 3 bytes each). */
    public static final int MAX_EVENT_CHARS = 100_000;

    private StoredText() {
    }

    /** The text, or its start with a marker saying how much was cut; null stays null. */
    public static String cap(String text) {
        if (text == null || text.length() <= MAX_EVENT_CHARS) {
            return text;
        }
        return text.substring(0, MAX_EVENT_CHARS) + "\n[cut: " + (text.length() - MAX_EVENT_CHARS)
                + " more characters; the function's log holds the whole event]";
    }

    /** Whether {@link #cap} would cut the text. */
    public static boolean isTooLong(String text) {
        return text != null && text.length() > MAX_EVENT_CHARS;
    }
}
