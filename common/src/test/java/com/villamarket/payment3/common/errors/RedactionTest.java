package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one redaction rule set, property by property: whatever credential, e-mail address, phone number or
 * card token a raw event carries, and wherever (headers, multi-value headers, a form body, a JSON body, a
 * base64 body), the stored event keeps what a replay needs and none of the credentials or personal data,
 * and what people read keeps neither the card token nor more than its bound.
 */
class RedactionTest {

    private static final String ORDER = "002500048744";
    private static final String CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_', '.').ofMinLength(12).ofMaxLength(60)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0)) && Character.isLetterOrDigit(s.charAt(s.length() - 1)));
    }

    @Provide
    Arbitrary<String> jwts() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('-', '_').ofMinLength(10).ofMaxLength(80);
        return Combinators.combine(part, part, part).as((h, c, s) -> "eyJ" + h + ".eyJ" + c + "." + s);
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('.', '_', '+')
                .ofMinLength(1).ofMaxLength(20).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tld = Arbitraries.of("com", "co.th", "net", "org", "th", "io");
        return Combinators.combine(local, label, tld).as((l, d, t) -> l + "@" + d + "." + t);
    }

    @Provide
    Arbitrary<String> phones() {
        Arbitrary<String> eight = Arbitraries.strings().numeric().ofLength(8);
        Arbitrary<String> lead = Arbitraries.of("06", "08", "09");
        Arbitrary<String> form = Arbitraries.of("local", "dashed", "international", "plus");
        return Combinators.combine(lead, eight, form).as((l, n, f) -> switch (f) {
            case "local" -> l + n;
            case "dashed" -> l + n.charAt(0) + "-" + n.substring(1, 4) + "-" + n.substring(4);
            case "international" -> "66" + l.charAt(1) + n;
            default -> "+66 " + l.charAt(1) + n.charAt(0) + " " + n.substring(1, 4) + " " + n.substring(4);
        });
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(8).ofMaxLength(30)
                .map(s -> "tokn_test_" + s);
    }

    private static String apiEvent(String body, boolean base64) {
        ObjectNode event = Json.object();
        event.put("resource", "/qrcallback");
        event.put("httpMethod", "POST");
        event.putObject("headers").put("Content-Type", "application/x-www-form-urlencoded");
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        event.putObject("requestContext").put("requestId", "req-1");
        return Json.write(event);
    }

    private static String form(String extra) {
        return "orderId=" + ORDER + "&status=success&amount=6.00&chargeId=" + CHARGE + extra;
    }

    /** What a replay needs survives: the order, the charge, the amount, the request id. */
    private static void assertKeepsTheWork(String stored) {
        assertTrue(stored.contains(ORDER), stored);
        assertTrue(stored.contains(CHARGE), stored);
        assertTrue(stored.contains("6.00"), stored);
    }

    @Property(tries = 200)
    void credentialsInAnyHeaderNeverReachTheTableOrPeople(@ForAll("secrets") String secret, @ForAll("jwts") String jwt,
            @ForAll boolean lowerCase) {
        ObjectNode event = (ObjectNode) Json.parse(apiEvent(form(""), false));
        String auth = lowerCase ? "authorization" : "Authorization";
        event.with("headers").put(auth, "Bearer " + jwt);
        event.with("headers").put(lowerCase ? "cookie" : "Cookie", "session=" + secret);
        event.with("headers").put("X-Api-Key", secret);
        event.putObject("multiValueHeaders").putArray(auth).add("Bearer " + jwt);
        event.with("multiValueHeaders").putArray("Cookie").add("a=" + secret).add("b=" + secret);
        event.with("requestContext").putObject("authorizer").putObject("claims").put("sub", "owner-7")
                .put("token_use", "id");
        String raw = Json.write(event);

        String stored = Redaction.event(raw);
        String people = Redaction.eventForPeople(raw, 20_000);

        for (String out : new String[] {stored, people}) {
            assertFalse(out.contains(secret), out);
            assertFalse(out.contains(jwt), out);
            assertFalse(out.contains(jwt.substring(0, jwt.indexOf('.', 4))), "not even the token's header: " + out);
        }
        assertKeepsTheWork(stored);
        JsonNode kept = Json.parse(stored);
        assertEquals("owner-7", kept.path("requestContext").path("authorizer").path("claims").path("sub").asText(),
                "the caller's id stays: a replay is checked against the stored records, not the token");
        assertEquals(Redaction.REDACTED, kept.path("headers").path(auth).asText());
    }

    @Property(tries = 200)
    void aBearerTokenOrKBankKeyInAnyTextIsScrubbed(@ForAll("secrets") String secret, @ForAll("jwts") String jwt) {
        String text = "KBank answered 401 for key skey_test_" + secret + ": Authorization: Bearer " + jwt + " (" + ORDER + ")";
        String scrubbed = Redaction.text(text);
        assertFalse(scrubbed.contains(secret), scrubbed);
        assertFalse(scrubbed.contains(jwt), scrubbed);
        assertTrue(scrubbed.contains(ORDER), scrubbed);
    }

    @Property(tries = 100)
    void aConfiguredKeyIsScrubbedWhateverItLooksLike(@ForAll("secrets") String key) {
        Redaction.registerSecret(key);
        String scrubbed = Redaction.forPeople("KBank said: invalid key " + key + " for merchant", 1_000);
        assertFalse(scrubbed.contains(key), scrubbed);
    }

    @Property(tries = 300)
    void eMailAddressesAndPhoneNumbersLeaveEveryBody(@ForAll("emails") String email, @ForAll("phones") String phone,
            @ForAll boolean base64) {
        String encodedEmail = URLEncoder.encode(email, StandardCharsets.UTF_8);
        String encodedPhone = URLEncoder.encode(phone, StandardCharsets.UTF_8);
        String raw = apiEvent(form("&email=" + encodedEmail + "&phone=" + encodedPhone + "&note=" + email + "%20" + phone),
                base64);

        String stored = Redaction.event(raw);
        String people = Redaction.eventForPeople(raw, 20_000);

        for (String out : new String[] {stored, people, decodedBody(stored)}) {
            assertFalse(out.contains(email), out);
            assertFalse(out.contains(encodedEmail), out);
            assertFalse(out.contains(phone), out);
            assertFalse(out.contains(encodedPhone), out);
        }
        String body = decodedBody(stored);
        assertTrue(body.contains("orderId=" + ORDER) && body.contains("chargeId=" + CHARGE) && body.contains("amount=6.00"),
                body);
    }

    @Property(tries = 200)
    void personalFieldsOfAJsonEventGoByName(@ForAll("emails") String email, @ForAll("phones") String phone) {
        ObjectNode event = Json.object();
        event.put("orderId", ORDER);
        ObjectNode claims = event.putObject("requestContext").putObject("authorizer").putObject("claims");
        claims.put("email", email).put("phone_number", phone).put("sub", "owner-1");
        event.put("body", "{\"contact\":\"" + email + "\",\"tel\":\"" + phone + "\",\"orderId\":\"" + ORDER + "\"}");

        String stored = Redaction.event(Json.write(event));

        assertFalse(stored.contains(email), stored);
        assertFalse(stored.contains(phone), stored);
        assertTrue(stored.contains(ORDER));
    }

    @Property(tries = 200)
    void cardTokensStayForReplayAndShowOnlyTheirLastFourToPeople(@ForAll("tokens") String token) {
        String raw = apiEvent("token=" + token + "&" + form(""), false);

        assertTrue(Redaction.event(raw).contains(token), "card-token and the callback need it to redo the work");
        String people = Redaction.eventForPeople(raw, 20_000);
        assertFalse(people.contains(token), people);
        assertTrue(people.contains("tokn_…" + token.substring(token.length() - 4)), people);
    }

    @Property(tries = 100)
    void whatPeopleReadIsBoundedWithTheWholesSizeAndHash(@ForAll("secrets") String chunk) {
        String big = chunk.repeat(20_000 / chunk.length() + 1);
        String out = Redaction.forPeople(big, 1_000);
        assertTrue(out.length() < 1_200, "length " + out.length());
        assertTrue(out.contains(big.length() + " characters in all"), out);
        assertTrue(out.contains(Redaction.sha256(big)), out);
    }

    @Property(tries = 200)
    void idsAmountsAndTimesAreLeftAlone(@ForAll("digits12") String orderId) {
        String text = "order " + orderId + " charge " + CHARGE + " amount 300.50 at 1796257616700 ref 4925000046321748613417.737979";
        assertEquals(text, Redaction.text(text));
    }

    @Provide
    Arbitrary<String> digits12() {
        return Arbitraries.strings().numeric().ofLength(12);
    }

    @Example
    void aTenMegabyteBodyIsNeverWrittenWhole() {
        String body = "x".repeat(10 * 1024 * 1024);
        String raw = apiEvent(form("&blob=" + body), false);

        String people = Redaction.eventForPeople(raw, 8_000);

        assertTrue(people.length() < 8_200, "length " + people.length());
        assertTrue(people.contains(raw.length() + " characters in all, sha256 " + Redaction.sha256(raw)), people.substring(7_990));
    }

    private static String decodedBody(String event) {
        JsonNode node = Json.parse(event);
        String body = node.path("body").asText();
        return node.path("isBase64Encoded").asBoolean() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body;
    }
}
