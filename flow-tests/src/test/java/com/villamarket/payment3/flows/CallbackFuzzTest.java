package com.villamarket.payment3.flows;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import java.net.URLEncoder;

/**
 * Property-based fuzzing of the three browser-facing functions with malformed requests of every kind
 * (bad encodings, huge bodies, missing and repeated fields, non-numeric, negative, NaN and exponent
 * amounts, script and HTML injection, CR/LF, wrong content types, base64 that is not). Seeded, so a
 * failure reproduces. Every request must get a clean answer, reflect nothing unescaped, forge no log
 * line, be logged exactly once in the error log, and leave none of the suite's own records unwritten.
 *
 * <p>The clock moves a millisecond before each request, as requests come apart: the QR callback record is
 * keyed by the order and the time, and under a clock that never moves each record of one order would look
 * for a free microsecond past all the earlier ones (after 50 the record is not written at all).
 */
class CallbackFuzzTest {

    /** Markup the generators inject; none may come back raw. */
    private static final List<String> INJECTED = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "<svg/onload=alert(1)>", "</p><h1>pwned</h1>", "javascript:alert(1)");
    private static final Set<Integer> CLEAN_STATUSES = Set.of(400, 402, 404, 409, 422, 503);

    private static Wiring w;

    @BeforeContainer
    static void start() {
        w = new Wiring();
    }

    @AfterContainer
    static void stop() {
        w.close();
    }

    @Property(tries = 500, seed = "20261121")
    void qrCallbackAnswersAnyRequestCleanly(@ForAll("qrBodies") String body, @ForAll("encodings") String encoding,
            @ForAll("contentTypes") String contentType) {
        check(w.qrCallback, "/qrcallback", body, encoding, contentType);
    }

    @Property(tries = 500, seed = "20261122")
    void cardCallbackAnswersAnyRequestCleanly(@ForAll("cardCallbackBodies") String body, @ForAll("encodings") String encoding,
            @ForAll("contentTypes") String contentType) {
        check(w.cardCallback, "/callback", body, encoding, contentType);
    }

    @Property(tries = 500, seed = "20261123")
    void cardPaymentAnswersAnyRequestCleanly(@ForAll("cardPaymentBodies") String body, @ForAll("encodings") String encoding,
            @ForAll("contentTypes") String contentType) {
        check(w.cardToken, "/cardpayment", body, encoding, contentType);
    }

    private static void check(RequestStreamHandler handler, String path, String body, String encoding, String contentType) {
        ObjectNode event = (ObjectNode) Json.parse(Wiring.event(path, contentType, "", "fuzz"));
        switch (encoding) {
            case "base64" -> event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                    .put("isBase64Encoded", true);
            case "latin1" -> event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.ISO_8859_1)))
                    .put("isBase64Encoded", true);
            case "not-base64" -> event.put("body", body + "*%$").put("isBase64Encoded", true);
            case "no-body" -> event.putNull("body");
            default -> event.put("body", body);
        }
        w.clock.advance(Duration.ofMillis(1));
        int logged = w.faults.calls("putItem", w.c.platform().names().callbackErrorLogTable());
        CapturedLog logLines = CapturedLog.start();
        Wiring.Answer answer;
        try (logLines) {
            answer = w.api(handler, Json.write(event));
        }
        if (!CLEAN_STATUSES.contains(answer.status())) {
            throw new AssertionError("status " + answer.status() + " for " + Json.write(event));
        }
        for (String markup : INJECTED) {
            if (!markup.startsWith("javascript") && answer.body().contains(markup)) {
                throw new AssertionError("reflected unescaped: " + markup);
            }
        }
        if (answer.body().contains("Exception") || answer.body().contains("\tat ")) {
            throw new AssertionError("internal detail in the page: " + answer.body());
        }
        int added = w.faults.calls("putItem", w.c.platform().names().callbackErrorLogTable()) - logged;
        if (added != 1) {
            throw new AssertionError("expected one error log entry, got " + added + " for " + Json.write(event));
        }
        for (String line : logLines.text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode parsed;
            try {
                parsed = Json.parse(line);
            } catch (IllegalArgumentException e) {
                throw new AssertionError("a log line is not one JSON object: " + line);
            }
            if (!parsed.isObject() || !parsed.has("level")) {
                throw new AssertionError("a forged or broken log line: " + line);
            }
            if (parsed.path("message").asText().startsWith("could not")) {
                throw new AssertionError("one of the suite's own writes failed: " + line);
            }
        }
    }

    // --- generators -----------------------------------------------------------------------------

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("plain", "plain", "plain", "base64", "latin1", "not-base64", "no-body");
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/x-www-form-urlencoded", "application/json", "text/plain",
                "multipart/form-data; boundary=x", "application/octet-stream", "");
    }

    private static Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.of(INJECTED),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("\r\n\t%&=+;<>\"'\\{}[]\u0000\u202e").ofMaxLength(20),
                Arbitraries.of("", " ", "null", "undefined", "\r\nlevel=ERROR forged", "{\"level\":\"ERROR\"}\n"));
    }

    private static Arbitrary<String> amounts() {
        return Arbitraries.oneOf(
                Arbitraries.of("NaN", "-6", "-0.01", "1e3", "1E-2", "Infinity", "0x10", "6,00", "6.005", "", "  6",
                        "99999999999999999999999", "6.00.00", "+6", "٦"),
                nasty());
    }

    private static Arbitrary<String> field(String name, Arbitrary<String> values) {
        return values.map(v -> name + "=" + encodeSome(v));
    }

    private static String encodeSome(String value) {
        // Half the values are percent-encoded as a browser would, half raw (an attacker's choice).
        return value.hashCode() % 2 == 0 ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
    }

    private static Arbitrary<String> form(List<Arbitrary<String>> fields) {
        return Arbitraries.subsetOf(fields).flatMap(chosen -> {
            if (chosen.isEmpty()) {
                return Arbitraries.just("");
            }
            List<Arbitrary<String>> list = List.copyOf(chosen);
            return Combinators.combine(list).as(parts -> String.join("&", parts));
        }).flatMap(body -> Arbitraries.oneOf(
                Arbitraries.just(body),
                Arbitraries.just(body + "&" + body),                      // every field repeated
                Arbitraries.just(body + "&" + "x".repeat(9000)),          // huge
                Arbitraries.just("{" + body + "}"),                       // JSON that is not
                nasty().map(n -> body + "&" + n)));
    }

    @Provide
    Arbitrary<String> qrBodies() {
        return form(List.of(
                field("orderId", Arbitraries.oneOf(Arbitraries.of("002500048744", "1"), nasty())),
                field("status", Arbitraries.oneOf(Arbitraries.of("success", "failure"), nasty())),
                field("amount", amounts()),
                field("chargeId", Arbitraries.oneOf(Arbitraries.of("chrg_test_fuzz", "chrg_"), nasty()))));
    }

    @Provide
    Arbitrary<String> cardCallbackBodies() {
        return form(List.of(
                field("objectId", Arbitraries.oneOf(Arbitraries.of("chrg_test_fuzz", "chrg_prod_x"), nasty())),
                field("token", Arbitraries.oneOf(Arbitraries.of("tokn_test_fuzz"), nasty())),
                field("status", Arbitraries.oneOf(Arbitraries.of("true", "false"), nasty())),
                field("saveCard", nasty()),
                field("message", nasty())));
    }

    @Provide
    Arbitrary<String> cardPaymentBodies() {
        Arbitrary<String> formBodies = form(List.of(
                field("token", Arbitraries.oneOf(Arbitraries.of("tokn_test_fuzz_unknown"), nasty())),
                field("orderId", Arbitraries.oneOf(Arbitraries.of("550000000001", "ADDCARD"), nasty())),
                field("ownerId", nasty()),
                field("saveCard", nasty()),
                field("amount", amounts()),
                field("callback", Arbitraries.oneOf(Arbitraries.of("https://evil.example/x", "javascript:alert(1)"), nasty()))));
        Arbitrary<String> jsonBodies = Combinators.combine(nasty(), nasty(), amounts()).as((a, b, c) -> {
            ObjectNode node = Json.object();
            node.put("token", a);
            node.put("orderId", b);
            node.put("amount", c);
            node.put("callback", "javascript:alert(1)");
            return Json.write(node);
        });
        return Arbitraries.oneOf(formBodies, jsonBodies);
    }
}
