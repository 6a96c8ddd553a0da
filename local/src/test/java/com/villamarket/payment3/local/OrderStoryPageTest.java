package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.RepoFiles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's {@code GET /_local/orders/{id}}: the story of an order or a charge as a page, everything escaped. */
class OrderStoryPageTest {

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

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPaidOrdersPageTellsItsStoryAndItsVerdict() throws Exception {
        String charge = Json.parse(post(stack.kbankUrl() + "/_sandbox/qr/charges",
                "{\"amount\": \"6.00\", \"reference_order\": \"002500048744\"}").body()).path("id").asText();
        assertEquals(200, post(stack.apiUrl() + "/qrcallback",
                "orderId=002500048744&status=success&amount=6.00&chargeId=" + charge).statusCode());
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));

        HttpResponse<String> page = get("/_local/orders/002500048744");
        HttpResponse<String> byCharge = get("/_local/orders/" + charge + "?kbank=true");

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("Verdict: paid once by " + charge), page.body());
        assertTrue(page.body().contains("QR callback for order 002500048744: ACCEPTED"), page.body());
        assertTrue(byCharge.body().contains("KBank now, qr charge " + charge + ": status success, Authorized"), byCharge.body());
    }

    @Test
    void whatAnyoneSentIsEscapedOnThePage() throws Exception {
        String script = "<script>alert(1)</script>";
        post(stack.apiUrl() + "/qrcallback", "orderId=492500005643&status=" + URLEncoder.encode(script, StandardCharsets.UTF_8)
                + "&amount=1.00&chargeId=chrg_test_nobody_at_all");

        HttpResponse<String> page = get("/_local/orders/492500005643");
        HttpResponse<String> bad = get("/_local/orders/" + URLEncoder.encode("<img src=x>", StandardCharsets.UTF_8));

        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(script), page.body());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
        assertEquals(400, bad.statusCode());
        assertFalse(bad.body().contains("<img"), bad.body());
    }
}
