package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's pages as a browser shows them: Debian's chromium, headless, loads each page from the
 * running stack; the DOM it built is checked (severity class and word, times, tables, escaping) and a
 * screenshot is taken and checked (its size, not blank, the severity's colour), saved under
 * {@code target/pages/}. Skipped, saying so, where chromium is not installed ({@code apt-get install -y chromium}).
 */
class PagesInBrowserTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    /** The colours of the severity banners (ops Pages' style sheet): the action banner's and the done banner's. */
    private static final int ACTION_BANNER = 0xfdecea;
    private static final int DONE_BANNER = 0xedf7ee;

    @TempDir
    static Path outbox;

    private static SuiteInProcess stack;
    private static Chromium chromium;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PAID_TWICE = "002500049001";
    private static final String PAID_ONCE = "002500049002";

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install -y chromium): the pages are"
                + " not checked in a browser on this machine");
        stack = SuiteInProcess.start(new SuiteInProcess.Options("local", 0, 0, 0, null, outbox, List.of(), false,
                Duration.ofMillis(100), Map.of(), true));
        order(PAID_TWICE, "6.00");
        order(PAID_ONCE, "7.00");
        String first = charge(PAID_TWICE, "6.00");
        String second = charge(PAID_TWICE, "6.00");
        assertEquals(200, callback(PAID_TWICE, "6.00", first).statusCode());
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(409, callback(PAID_TWICE, "6.00", second).statusCode());
        assertEquals(200, callback(PAID_ONCE, "7.00", charge(PAID_ONCE, "7.00")).statusCode());
        // Hostile text in the error log: in an order id and in the raw event.
        post("/qrcallback", "application/x-www-form-urlencoded", "orderId=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8)
                + "&status=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8) + "&amount=1.00&chargeId=chrg_test_x");
        assertTrue(stack.awaitIdle(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static void order(String id, String total) {
        stack.components().tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"),
                DataForm.JSON_STRING);
    }

    private static String charge(String order, String amount) throws Exception {
        HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create(stack.kbankUrl() + "/_sandbox/qr/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": \"" + amount + "\", \"orderId\": \"" + order
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(made.body()).path("id").asText();
    }

    private static HttpResponse<String> callback(String order, String amount, String charge) throws Exception {
        return post("/qrcallback", "application/x-www-form-urlencoded", "orderId=" + order + "&status=success&amount="
                + amount + "&chargeId=" + charge);
    }

    private static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).header("content-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A screenshot of a page, saved under target/pages/, checked for its size and that it is not blank. */
    private static BufferedImage screenshot(String path, String name) throws Exception {
        Path png = Path.of("target", "pages", name + ".png");
        chromium.screenshot(stack.apiUrl() + path, png, 1280, 900);
        assertTrue(Files.size(png) > 10_000, "a page with text and colour is more than a blank PNG: " + Files.size(png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(900, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(colours.size() > 20, "not blank: " + colours.size() + " colours");
        return image;
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aPaidTwiceStoryLooksUnlikeAPaidOnceOne() throws Exception {
        String twice = chromium.dumpDom(stack.apiUrl() + "/_local/orders/" + PAID_TWICE);
        String once = chromium.dumpDom(stack.apiUrl() + "/_local/orders/" + PAID_ONCE);

        assertTrue(twice.contains("class=\"verdict severity-action\""), twice);
        assertTrue(twice.contains(">needs a person</span>"), twice);
        assertTrue(twice.contains("paid twice: "), twice);
        assertTrue(once.contains("class=\"verdict severity-done\""), once);
        assertTrue(once.contains(">done</span>"), once);
        assertFalse(once.contains("severity-action\""), once);
        // The shop's time first, UTC beside it, in a cell that does not wrap.
        assertTrue(twice.matches("(?s).*<td class=\"time\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\+07:00<br>"
                + "<span class=\"utc\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z</span></td>.*"), twice);
        assertTrue(twice.contains("?kbank=true"), "the page's own way to ask KBank: " + twice);
        assertFalse(twice.contains("--kbank"), twice);

        BufferedImage red = screenshot("/_local/orders/" + PAID_TWICE, "story-paid-twice");
        BufferedImage green = screenshot("/_local/orders/" + PAID_ONCE, "story-paid-once");
        assertTrue(pixels(red, ACTION_BANNER) > 5_000, "the paid-twice banner is red");
        assertEquals(0, pixels(red, DONE_BANNER));
        assertTrue(pixels(green, DONE_BANNER) > 5_000, "the paid-once banner is green");
        assertEquals(0, pixels(green, ACTION_BANNER));
    }

    @Test
    void theWorklistPageListsThePaidTwiceOrderWithALinkToItsStory() throws Exception {
        String dom = chromium.dumpDom(stack.apiUrl() + "/_local/worklist");

        assertTrue(dom.contains("<table id=\"worklist\">"), dom);
        assertTrue(dom.contains("<tr class=\"severity-action\" data-kind=\"PAID_TWICE\">"), dom);
        assertTrue(dom.contains("<a href=\"/_local/orders/" + PAID_TWICE + "\">" + PAID_TWICE + "</a>"), dom);
        assertTrue(dom.contains("by hand in KBank's merchant portal"), dom);
        assertFalse(dom.contains(PAID_ONCE), "paid once needs nobody: " + dom);
        assertTrue(pixels(screenshot("/_local/worklist", "worklist"), ACTION_BANNER) > 1_000);

        JsonNode json = Json.parse(get("/_local/worklist?format=json").body());
        assertEquals(PAID_TWICE, json.path("items").get(0).path("subject").asText(), json.toString());
    }

    @Test
    void theErrorLogIsATableWithEachRawEventPrettyPrintedAndEscapedOnce() throws Exception {
        String dom = chromium.dumpDom(stack.apiUrl() + "/_local/errors");

        assertTrue(dom.contains("<table id=\"errors\">"), dom);
        assertFalse(dom.contains(SCRIPT), "no script of anyone's in the page: " + dom);
        assertFalse(dom.contains("<script"), dom);
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text, escaped once: " + dom);
        assertFalse(dom.contains("&amp;lt;"), "not escaped twice: " + dom);
        assertTrue(dom.contains("<pre>{\n  \""), "the raw event pretty-printed: " + dom);
        screenshot("/_local/errors", "errors");

        HttpResponse<String> json = get("/_local/errors");
        assertTrue(json.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(Json.parse(json.body()).isArray());
    }

    @Test
    void theStatusAndDeadLetterViewsAreTablesForABrowserAndJsonForTools() throws Exception {
        String status = chromium.dumpDom(stack.apiUrl() + "/_local/status");
        String dead = chromium.dumpDom(stack.apiUrl() + "/_local/dead-letters");

        assertTrue(status.contains("<table id=\"tables\">"), status);
        assertTrue(status.contains("payment3-qr-payment-record-local"), status);
        assertTrue(dead.contains("<table id=\"dead-letters\">"), dead);
        screenshot("/_local/status", "status");

        assertEquals("local", Json.parse(get("/_local/status?format=json").body()).path("branch").asText());
        assertTrue(Json.parse(get("/_local/dead-letters").body()).isArray());
    }
}
