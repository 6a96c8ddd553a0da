package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.LocalSuite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line, end to end: its own DynamoDB client (to moto's DynamoDB by --endpoint), KBank's keys from the variables. */
@StoryTest
class StoryCommandTest {

    private static StoryHarness h;

    @BeforeAll
    static void start(StoryHarness harness) {
        h = harness;
    }

    /** What a run printed, and its exit code. */
    private record Run(int code, String out, String err) {
    }

    private static Run story(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--branch", h.suite.branch(), "--order-table", h.suite.orderTable(),
                "--endpoint", h.suite.env().get("DYNAMODB_ENDPOINT"), "--zone", "Asia/Bangkok"));
        int code = StoryCommand.run(all, StoryCommand.Defaults.aws(), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheStoryAndItsVerdictAsTextOrJson() {
        String order = h.order("6.00");
        h.suite.paidQrCharge("chrg_test_cli", "6.00", order);
        h.qrCallback(order, "6.00", "chrg_test_cli");
        h.drain();

        Run text = story(Map.of(), order);
        Run json = story(Map.of(), "chrg_test_cli", "--json");

        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("Story of order " + order + "\n"), text.out());
        assertTrue(text.out().contains("\nVerdict: paid once by chrg_test_cli\n"), text.out());
        assertEquals(0, json.code(), json.err());
        JsonNode parsed = Json.parse(json.out());
        assertEquals("PAID_ONCE", parsed.path("verdict").path("kind").asText());
        assertEquals(order, parsed.path("orderId").asText());
        assertTrue(parsed.path("events").size() > 3);
    }

    @Test
    void kbankIsAskedWithTheKeysOfTheVariablesTheFunctionsRead() {
        String order = h.order("41.00");
        h.threeDSecurePayment(order, "owner-cli");

        Run run = story(Map.of("KBANK_SECRET_KEY", LocalSuite.KBANK_SECRET_KEY,
                "BASE_URL", h.suite.kbank().baseUrl().toString()), order, "--kbank");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("(KBank: Pre-Authorized)"), run.out());
    }

    @Test
    void badArgumentsAreNamedWithTheUsage() {
        Run noBranch = new Run(StoryCommand.run(List.of("002500000001"), StoryCommand.Defaults.aws(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), "", "");
        Run badId = story(Map.of(), "not an order");
        Run badOption = story(Map.of(), "002500000001", "--colour");

        assertEquals(2, noBranch.code());
        assertEquals(2, badId.code());
        assertTrue(badId.err().contains("usage:") || badId.err().contains("order id"), badId.err());
        assertEquals(2, badOption.code());
        assertTrue(badOption.err().contains("unknown argument --colour"), badOption.err());
    }
}
