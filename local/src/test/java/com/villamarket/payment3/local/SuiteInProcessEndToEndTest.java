package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import java.time.Instant;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.InetAddress;

/**
 * The local stack started on free ports and driven over HTTP exactly as the README's walk-throughs
 * show: the QR flow and the card flow with 3-D Secure, checked in the tables and the outbox; and the
 * local endpoints (status, error log, replay, reconcile, story pages, the thank-you page).
 */
class SuiteInProcessEndToEndTest {

    @TempDir
    static Path outbox;

    private static SuiteInProcess stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = SuiteInProcess.start(new SuiteInProcess.Options("local", 0, 0, 0, null, outbox, List.of(), true,
                Duration.ofMillis(100), Map.of(), true));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Order order(String id) {
        return stack.components().tables().orders().find(new OrderId(id)).orElseThrow();
    }

    private static long mailsAbout(String orderId) throws IOException {
        try (Stream<Path> files = Files.list(stack.outbox())) {
            return files.filter(f -> f.toString().endsWith("mail.txt")).filter(f -> {
                try {
                    return Files.readString(f).contains("Order " + orderId + " paid");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void qrWalkThrough() throws Exception {
        // 1. KBank has a paid QR charge for the order (the sandbox makes one).
        HttpResponse<String> charge = post(stack.kbankUrl() + "/_sandbox/qr/charges", "application/json",
                "{\"amount\": \"6.00\", \"orderId\": \"002500048744\"}");
        assertEquals(200, charge.statusCode());
        String chargeId = Json.parse(charge.body()).path("id").asText();

        // 2. The customer's browser posts the QR callback.
        HttpResponse<String> callback = post(stack.apiUrl() + "/qrcallback", "application/x-www-form-urlencoded",
                "orderId=002500048744&status=success&amount=6.00&chargeId=" + chargeId);
        assertEquals(200, callback.statusCode());
        assertTrue(callback.body().contains("thankyou?orderId=002500048744&amp;status=success"), callback.body());

        // 3. ProcessPaidOrderInternal ran asynchronously: the order is paid and the e-mail is in the outbox.
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(chargeId, order("002500048744").paidChargeId().value());
        assertEquals(1, mailsAbout("002500048744"));
        String dead = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/_local/dead-letters")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(!dead.contains("002500048744"), dead);
    }

    @Test
    void cardWalkThroughWithThreeDSecure() throws Exception {
        // 1. KPay.js would give the checkout a token; the sandbox makes one whose charge needs 3-D Secure.
        String token = Json.parse(post(stack.kbankUrl() + "/_sandbox/card/tokens", "application/json",
                "{\"outcome\": \"3ds\"}").body()).path("id").asText();

        // 2. The checkout posts the card payment; the page sends the browser to KBank's 3-D Secure page.
        HttpResponse<String> payment = post(stack.apiUrl() + "/cardpayment", "application/json",
                "{\"token\": \"" + token + "\", \"orderId\": \"492500005644\", \"ownerId\": \"owner-001\", \"saveCard\": true}");
        assertEquals(200, payment.statusCode());
        Matcher page = Pattern.compile("/_3ds/(chrg_[A-Za-z0-9_]+)").matcher(payment.body());
        assertTrue(page.find(), payment.body());
        String chargeId = page.group(1);

        // 3. The customer passes 3-D Secure; KBank's page posts the callback to the suite.
        HttpResponse<String> completed = post(stack.kbankUrl() + "/_sandbox/card/charges/" + chargeId + "/3ds",
                "application/json", "{\"approve\": true}");
        JsonNode answer = Json.parse(completed.body());
        assertEquals(200, answer.path("callbackStatus").asInt(), completed.body());
        assertTrue(answer.path("callbackPage").asText().contains("status=success"));

        // 4. ProcessPaidOrder paid the order, notified, and the card is kept at KBank.
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(chargeId, order("492500005644").paidChargeId().value());
        assertEquals(1, mailsAbout("492500005644"));
        JsonNode customers = Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create(stack.kbankUrl() + "/_sandbox/customers"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(customers.toString().contains(token), customers.toString());
        assertTrue(stack.components().tables().kbankUserMapping().kbankId(new OwnerId("owner-001")).isPresent());
    }

    @Test
    void unknownRoutesAndFailedInvocationsAreShown() throws Exception {
        assertEquals(404, post(stack.apiUrl() + "/nowhere", "text/plain", "x").statusCode());
        // An invocation that fails three times lands on the failure destination: a recorded charge of an order that is gone.
        stack.components().tables().qrPaymentRecords().recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_test_none"),
                new OrderId("990000000000"), Instant.now(), true, Money.of("6.00")));
        stack.lambda().invoke("payment3-process-paid-order-internal-local",
                Json.parse("{\"orderId\":\"990000000000\",\"paymentType\":\"qr\",\"chargeId\":\"chrg_test_none\"}"));
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        JsonNode dead = Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/_local/dead-letters"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode letter = null;
        for (JsonNode d : dead) {
            if ("990000000000".equals(d.path("payload").path("orderId").asText())) {
                letter = d;
            }
        }
        assertTrue(letter != null, dead.toString());
        assertEquals(3, letter.path("attempts").asInt());
        assertEquals("payment3-process-paid-order-internal-local", letter.path("functionName").asText());
    }

    @Test
    void everyPortInUseIsNamedAtOnceWithTheOptionThatMovesIt() throws Exception {
        try (ServerSocket api = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket kbank = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SuiteInProcess.PortInUseException e = assertThrows(SuiteInProcess.PortInUseException.class, () -> SuiteInProcess.start(
                    new SuiteInProcess.Options("local2", api.getLocalPort(), 0, kbank.getLocalPort(), null, outbox, List.of(), false,
                            Duration.ofMillis(100), Map.of(), true)));
            assertTrue(e.getMessage().startsWith("2 ports are in use"), e.getMessage());
            assertTrue(e.getMessage().contains(api.getLocalPort() + " (choose another with --api-port)"), e.getMessage());
            assertTrue(e.getMessage().contains(kbank.getLocalPort() + " (choose another with --kbank-port)"), e.getMessage());
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusNamesThePartsAndCountsEveryTable() throws Exception {
        HttpResponse<String> answer = get("/_local/status");

        assertEquals(200, answer.statusCode());
        JsonNode status = Json.parse(answer.body());
        assertEquals("local", status.path("branch").asText());
        assertEquals(stack.kbankUrl() + " (sandbox)", status.path("parts").path("kbank").asText());
        assertTrue(status.path("tables").path("order-table-local").asInt() >= 7, "the sample world's orders: " + status);
        assertTrue(status.path("tables").has("payment3-card-payment-record-local"), status.toString());
    }

    @Test
    void theErrorLogIsShownAndAnEntryReplayedAnswersPlainJson() throws Exception {
        post(stack.apiUrl() + "/qrcallback", "application/x-www-form-urlencoded", "orderId=002500048744&status=success&amount=x");
        JsonNode newest = Json.parse(get("/_local/errors").body()).get(0);
        assertEquals("qrcallback", newest.path("function").asText(), newest.toString());

        HttpResponse<String> replayed = post(stack.apiUrl() + "/_local/replay", "application/json",
                "{\"errorId\": \"" + newest.path("errorId").asText() + "\"}");

        assertEquals(200, replayed.statusCode(), replayed.body());
        JsonNode answer = Json.parse(replayed.body());
        assertEquals(false, answer.path("outcomes").get(0).path("succeeded").asBoolean(true), "still malformed: " + answer);
        assertEquals(0, answer.path("newErrors").size(), "a replay's refusal is its entry's outcome, never a new entry: " + answer);
        assertTrue(answer.path("outcomes").get(0).path("answer").asText().startsWith("refused again on replay: MALFORMED"),
                answer.toString());
    }

    @Test
    void aReplayRequestItCannotTakeIsA400WithAReason() throws Exception {
        HttpResponse<String> notJson = post(stack.apiUrl() + "/_local/replay", "application/json", "{not json");
        HttpResponse<String> unknown = post(stack.apiUrl() + "/_local/replay", "application/json", "{\"what\": 1}");

        assertEquals(400, notJson.statusCode());
        assertEquals("the body is not JSON", Json.parse(notJson.body()).path("error").asText());
        assertEquals(400, unknown.statusCode());
        assertTrue(Json.parse(unknown.body()).path("error").asText().startsWith("expected {\"errorId\""), unknown.body());
    }

    @Test
    void reconciliationLaterSettlesTheCardPaymentWhoseCallbackNeverCame() throws Exception {
        assertEquals(400, post(stack.apiUrl() + "/_local/reconcile?minutesLater=-5", "application/json", "").statusCode());
        assertTrue(!order("492500005646").isPaid(), "the sample world's card payment in flight");

        HttpResponse<String> reconciled = post(stack.apiUrl() + "/_local/reconcile?minutesLater=20", "application/json", "");

        assertEquals(200, reconciled.statusCode(), reconciled.body());
        assertTrue(Json.parse(reconciled.body()).path("handedOn").asInt() >= 1, reconciled.body());
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        assertEquals("chrg_test_sample_paid", order("492500005646").paidChargeId().value());
    }

    @Test
    void theLocalThankYouPageEscapesWhatItShows() throws Exception {
        HttpResponse<String> page = get("/_local/thankyou?orderId=%3Cscript%3E");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("&lt;script&gt;"), page.body());
        assertTrue(!page.body().contains("<script>"), page.body());
    }

    @Test
    void anOrdersStoryPageTellsItsStoryAndItsVerdict() throws Exception {
        stack.components().tables().orders().put(new OrderId("002500047001"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"),
                DataForm.JSON_STRING);
        String charge = Json.parse(post(stack.kbankUrl() + "/_sandbox/qr/charges", "application/json",
                "{\"amount\": \"6.00\", \"orderId\": \"002500047001\"}").body()).path("id").asText();
        assertEquals(200, post(stack.apiUrl() + "/qrcallback", "application/x-www-form-urlencoded",
                "orderId=002500047001&status=success&amount=6.00&chargeId=" + charge).statusCode());
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));

        HttpResponse<String> page = get("/_local/orders/002500047001");
        HttpResponse<String> byCharge = get("/_local/orders/" + charge + "?kbank=true");

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<strong>Verdict:</strong> paid once by " + charge), page.body());
        assertTrue(page.body().contains("QR callback for order 002500047001: ACCEPTED"), page.body());
        assertTrue(byCharge.body().contains("KBank now, qr charge " + charge + ": status success, Authorized"), byCharge.body());
    }

    @Test
    void whatAnyoneSentIsEscapedOnTheStoryPage() throws Exception {
        String script = "<script>alert(1)</script>";
        post(stack.apiUrl() + "/qrcallback", "application/x-www-form-urlencoded", "orderId=492500005643&status="
                + URLEncoder.encode(script, StandardCharsets.UTF_8) + "&amount=1.00&chargeId=chrg_test_nobody_at_all");

        HttpResponse<String> page = get("/_local/orders/492500005643");
        HttpResponse<String> bad = get("/_local/orders/" + URLEncoder.encode("<img src=x>", StandardCharsets.UTF_8));

        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(script), page.body());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
        assertEquals(400, bad.statusCode());
        assertFalse(bad.body().contains("<img"), bad.body());
    }

    @Test
    void storyAndWorklistReadTheStackTheStateFileNamesOnItsOwnPorts(@TempDir Path checkout) throws Exception {
        stack.components().tables().orders().put(new OrderId("002500047002"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"),
                DataForm.JSON_STRING);
        String charge = Json.parse(post(stack.kbankUrl() + "/_sandbox/qr/charges", "application/json",
                "{\"amount\": \"6.00\", \"orderId\": \"002500047002\"}").body()).path("id").asText();
        assertEquals(200, post(stack.apiUrl() + "/qrcallback", "application/x-www-form-urlencoded",
                "orderId=002500047002&status=success&amount=6.00&chargeId=" + charge).statusCode());
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        StackState.of(stack, java.time.Instant.now()).write(checkout);
        assertFalse(stack.apiUrl().endsWith(":3000"), "this stack is not on the default ports");

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = LocalMain.read("story", new java.util.ArrayList<>(List.of("002500047002", "--kbank")), checkout, Map.of(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream list = new java.io.ByteArrayOutputStream();
        int listed = LocalMain.read("worklist", new java.util.ArrayList<>(List.of("--json")), checkout, Map.of(),
                new java.io.PrintStream(list, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String story = out.toString(StandardCharsets.UTF_8);
        assertTrue(story.contains("\nVerdict: paid once by " + charge + "\n"), story);
        assertTrue(story.contains("KBank now, qr charge " + charge + ": status success, Authorized"),
                "KBank asked at this stack's sandbox: " + story);
        assertEquals(0, listed, err.toString(StandardCharsets.UTF_8));
        assertTrue(Json.parse(list.toString(StandardCharsets.UTF_8)).path("items").isArray());
    }

    @Test
    void aSecondStartOnTheSameDynamoDbKeepsTheSampleWorldInsteadOfFailing(@TempDir Path otherOutbox) throws Exception {
        try (SuiteInProcess again = SuiteInProcess.start(new SuiteInProcess.Options("local", 0, 0, 0, stack.dynamoDbEndpoint(),
                otherOutbox, List.of(), true, Duration.ofMillis(100), Map.of(), false))) {
            assertTrue(again.components().tables().cardPaymentRecords().findByToken(new CardToken("tokn_test_sample_paid")).isPresent());
            HttpResponse<String> charge = HTTP.send(HttpRequest.newBuilder(URI.create(again.kbankUrl()
                    + "/card/v2/charge/chrg_test_sample_paid")).header("x-api-key", SuiteInProcess.SANDBOX_SECRET_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, charge.statusCode(), "this run's sandbox knows the kept payment's charge: " + charge.body());
        }
    }
}
