package com.villamarket.payment3.common.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.villamarket.payment3.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule set that keeps credentials and personal data out of what the suite writes down: the
 * error log table, the on-call e-mail, Sentry and the function's log.
 *
 * <ul>
 * <li>credentials go everywhere: the value of any {@code authorization}, {@code cookie}, API key or token
 * field (headers and {@code multiValueHeaders} too), {@code Bearer}/{@code Basic} values, JSON web tokens,
 * KBank secret keys ({@code skey_…}) and the keys this container was configured with;</li>
 * <li>personal data goes everywhere: e-mail addresses and phone numbers, by field name and by shape (also
 * form-encoded, {@code %40});</li>
 * <li>card tokens ({@code tokn_…}) stay in the stored event, which a replay needs to redo the work, and are
 * cut to their last four characters wherever people read ({@link #forPeople});</li>
 * <li>what people read is bounded: a long text is cut, with its length and SHA-256 ({@link #bounded}).</li>
 * </ul>
 */
public final class Redaction {

    /** What stands where a credential was. */
    public static final String REDACTED = "[redacted]";
    static final String EMAIL_MARK = "[e-mail]";
    static final String PHONE_MARK = "[phone]";

    /** Field names (lower case, any JSON depth) whose values are credentials. */
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "x-amz-security-token", "x-csrf-token", "x-xsrf-token", "id_token", "idtoken",
            "access_token", "accesstoken", "refresh_token", "password", "secret", "secretkey", "secret_key", "skey",
            "api_key", "apikey", "client_secret");
    private static final Pattern AUTH_VALUE = Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+|%20|\\+)[A-Za-z0-9._~+/=%-]+");
    /** A JSON web token, or the start of one (header and claims): base64 bodies hold no dots. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{2,}(\\.[A-Za-z0-9_-]*)?");
    private static final Pattern KBANK_SECRET = Pattern.compile("skey_[A-Za-z0-9_]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(@|%40)[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}(?![A-Za-z0-9])");
    /**
     * Thai numbers: +66 / 66 then 8 or 9 digits, or 0 then 6, 8 or 9 and 8 digits; spaces, dashes or their form
     * encodings between groups; never inside a longer run of digits or letters (an order id, a charge id).
     */
    private static final String SEP = "(?:[ -]|\\+|%20)?";
    private static final Pattern PHONE = Pattern.compile("(?:(?<=%20)|(?<=%2B)|(?<=%3A)|(?<![A-Za-z0-9_.%]))"
            + "(?:(?:\\+|%2B)?66" + SEP + "[0-9]{1,2}" + SEP + "[0-9]{3}" + SEP + "[0-9]{4}"
            + "|0[689][0-9]" + SEP + "[0-9]{3}" + SEP + "[0-9]{4})(?![A-Za-z0-9_])");
    private static final Pattern CARD_TOKEN = Pattern.compile("tokn_([A-Za-z0-9_]*)([A-Za-z0-9]{4})(?![A-Za-z0-9_])");

    /** Events up to this size are cleaned field by field for people; longer ones as text (their start). */
    static final int PARSE_CHARS = 1_000_000;

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private Redaction() {
    }

    /** Adds a configured secret (KBank's key) to what is scrubbed from every text; blank ones are ignored. */
    public static void registerSecret(String secret) {
        if (secret != null && secret.length() >= 8) {
            SECRETS.add(secret);
        }
    }

    /** A text (an error message, KBank's answer, a log value) without credentials or personal data; null stays null. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : SECRETS) {
            out = out.replace(secret, REDACTED);
        }
        out = AUTH_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + REDACTED));
        out = JWT.matcher(out).replaceAll(REDACTED);
        out = KBANK_SECRET.matcher(out).replaceAll("skey_" + Matcher.quoteReplacement(REDACTED));
        out = EMAIL.matcher(out).replaceAll(Matcher.quoteReplacement(EMAIL_MARK));
        return PHONE.matcher(out).replaceAll(Matcher.quoteReplacement(PHONE_MARK));
    }

    /**
     * A raw event as the error log table stores it, for replay: a JSON event keeps its shape and every field
     * a function needs to redo the work (order, charge, form fields, card tokens) with the rules above applied
     * to every value, credentials and personal fields replaced by marks, a base64 body decoded, cleaned and
     * encoded again; a text that is not JSON gets {@link #text}.
     */
    public static String event(String raw) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        JsonNode node;
        try {
            node = Json.parse(raw);
        } catch (RuntimeException e) {
            return text(raw);
        }
        if (!node.isContainerNode()) {
            return text(raw);
        }
        return Json.write(clean(node, null));
    }

    /**
     * A text as people read it (e-mail, log line, Sentry): {@link #text}, card tokens cut to their last four,
     * at most {@code maxChars} characters and then the length and SHA-256 of the whole.
     */
    public static String forPeople(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        return people(text, text, maxChars);
    }

    /**
     * A raw event as people read it: {@link #event} (for one of at most {@value #PARSE_CHARS} characters), then
     * {@link #forPeople}; a longer one is cut first, its length and SHA-256 those of the event as it came.
     */
    public static String eventForPeople(String raw, int maxChars) {
        if (raw == null) {
            return null;
        }
        return people(raw.length() <= PARSE_CHARS ? event(raw) : raw, raw, maxChars);
    }

    private static String people(String cleaned, String original, int maxChars) {
        if (cleaned.length() <= maxChars) {
            return maskCardTokens(text(cleaned));
        }
        // Cut before the rules run, so that a 10 MB body costs only its start (and one hash).
        return maskCardTokens(text(cleaned.substring(0, maxChars))) + cutLine(original);
    }

    private static String maskCardTokens(String text) {
        return CARD_TOKEN.matcher(text).replaceAll("tokn_…$2");
    }

    private static String cutLine(String whole) {
        return " [cut: " + whole.length() + " characters in all, sha256 " + sha256(whole) + "]";
    }

    /**
     * The text whole when it has at most {@code maxChars} characters; else its start and a line giving its
     * length and the SHA-256 of its UTF-8 bytes, so that the whole can be recognised where it is kept.
     */
    public static String bounded(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, Math.max(0, maxChars)) + cutLine(text);
    }

    /** The SHA-256 of a text's UTF-8 bytes, in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static JsonNode clean(JsonNode node, String field) {
        String name = field == null ? "" : field.toLowerCase(Locale.ROOT);
        if (node.isObject()) {
            ObjectNode out = Json.object();
            boolean base64 = node.path("isBase64Encoded").asBoolean(false);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (base64 && "body".equals(e.getKey()) && e.getValue().isTextual()) {
                    out.set("body", TextNode.valueOf(cleanBase64(e.getValue().asText())));
                } else {
                    out.set(e.getKey(), clean(e.getValue(), e.getKey()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.mapper().createArrayNode();
            node.forEach(item -> out.add(clean(item, field)));
            return out;
        }
        if (node.isNull() || node.isMissingNode()) {
            return node;
        }
        if (CREDENTIAL_FIELDS.contains(name)) {
            return TextNode.valueOf(REDACTED);
        }
        if (name.contains("email") || name.contains("e-mail")) {
            return TextNode.valueOf(EMAIL_MARK);
        }
        if (name.contains("phone") || name.contains("mobile")) {
            return TextNode.valueOf(PHONE_MARK);
        }
        if (node.isTextual()) {
            // A body (form or JSON) is cleaned as text, so that it keeps its bytes wherever no rule applies:
            // a checksum over its fields still holds on replay.
            return TextNode.valueOf(text(node.asText()));
        }
        return node;
    }

    private static String cleanBase64(String body) {
        try {
            String decoded = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(text(decoded).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return text(body);
        }
    }

    /** The rules' field names, for the documentation test. */
    static List<String> credentialFields() {
        return List.copyOf(CREDENTIAL_FIELDS);
    }
}
