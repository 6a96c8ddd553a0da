package com.villamarket.payment3.common.ids;

import java.util.regex.Pattern;

/**
 * The one shape of KBank's ids, written once: 1 to 120 letters, digits or underscores, after a prefix
 * naming the kind ({@code chrg_}, {@code tokn_}) or none (a customer {@code cust_…} or order {@code order_…}
 * id as KBank hands it back, checked before it goes into a URL path).
 */
public final class KBankIds {

    private static final String BODY = "[A-Za-z0-9_]{1,120}";
    private static final Pattern ANY = Pattern.compile(BODY);

    private KBankIds() {
    }

    /** The shape of an id of one kind: {@code prefix} then KBank's id characters. */
    static Pattern prefixed(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + BODY);
    }

    /** Whether {@code text} has the shape of a KBank id (safe in a URL path); false for null. */
    public static boolean isId(String text) {
        return text != null && ANY.matcher(text).matches();
    }
}
