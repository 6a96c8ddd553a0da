package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.ops.Verdict.Kind;
import com.villamarket.payment3.ops.Verdict.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worklist: what needs a person, found among the pending records and the open error log, judged by the stories. */
@StoryTest(eachTest = true)
class WorklistTest {

    private StoryHarness h;

    @BeforeEach
    void start(StoryHarness harness) {
        h = harness;
    }

    private Worklist.Result worklist() {
        return new Worklist(OrderStories.Tables.of(ReadOnlyDynamoDb.over(h.suite.dynamoDb()), h.c.platform().names(),
                h.c.platform().config().orderTable()), h.stories(false), commands(),
                Duration.ofMinutes(60), Worklist.DEFAULT_MAX_ITEMS, h.clock).build();
    }

    private static Commands commands() {
        // As the harness's stories: the master stack's commands.
        return Commands.aws(new Names("master"));
    }

    private static List<String> subjects(Worklist.Result list) {
        return list.items().stream().map(Worklist.Item::subject).toList();
    }

    @Test
    void listsWhatNeedsAPersonOldestFirstAndLeavesOutWhatIsDoneOrRefused() {
        String paidTwice = h.order("6.00");
        h.suite.paidQrCharge("chrg_test_wl_first", "6.00", paidTwice);
        h.suite.paidQrCharge("chrg_test_wl_second", "6.00", paidTwice);
        assertEquals(200, h.qrCallback(paidTwice, "6.00", "chrg_test_wl_first").status());
        h.drain();
        assertEquals(409, h.qrCallback(paidTwice, "6.00", "chrg_test_wl_second").status());

        String paidOnce = h.order("7.00");
        h.suite.paidQrCharge("chrg_test_wl_once", "7.00", paidOnce);
        assertEquals(200, h.qrCallback(paidOnce, "7.00", "chrg_test_wl_once").status());
        h.drain();

        String forged = h.order("500.00");
        h.qrCallback(forged, "500.00", "chrg_test_wl_nobody");

        String stuck = h.order("64.50");
        h.suite.paidQrCharge("chrg_test_wl_stuck", "64.50", stuck);
        String records = h.c.platform().names().qrPaymentRecordTable();
        h.killAfter(call -> call.equals("dynamodb putItem " + records)); // recorded with the hand-on claimed, then killed
        assertThrows(Killed.class, () -> h.qrCallback(stuck, "64.50", "chrg_test_wl_stuck"));
        h.killAfter(call -> false);

        String waiting = h.order("41.00");
        h.threeDSecurePayment(waiting, "owner-wl");

        Worklist.Result list = worklist();

        assertEquals(List.of(paidTwice, stuck), subjects(list), list.toString());
        Worklist.Item first = list.items().get(0);
        assertEquals(Kind.PAID_TWICE, first.verdict().kind());
        assertEquals(Severity.ACTION, first.verdict().severity());
        assertTrue(first.settle().startsWith("refund chrg_test_wl_second by hand in KBank's merchant portal"), first.settle());
        assertEquals("java -jar ops/target/payment3-ops.jar story " + paidTwice + " --branch master", first.story());
        Worklist.Item second = list.items().get(1);
        assertEquals(Kind.CUSTOMER_PAID_ORDER_UNPAID, second.verdict().kind());
        assertTrue(second.settle().startsWith("reconcile (it runs every 10 minutes"), second.settle());
        assertTrue(first.since().isBefore(second.since()));
    }

    @Test
    void aPaymentWaitingLongerThanTheThresholdIsListedAsStuck() {
        String waiting = h.order("41.00");
        h.threeDSecurePayment(waiting, "owner-wl-late");
        assertEquals(List.of(), subjects(worklist()), "waiting a few seconds is not stuck");

        h.clock.advance(Duration.ofMinutes(61));
        Worklist.Result later = worklist();

        assertEquals(List.of(waiting), subjects(later));
        assertEquals(Severity.WAITING, later.items().get(0).verdict().severity());
        assertEquals(Kind.PENDING_3DS, later.items().get(0).verdict().kind());
        assertTrue(later.items().get(0).settle().startsWith("waiting longer than 60 minutes: run reconciliation now"),
                later.items().get(0).settle());
    }

    @Test
    void theCommandPrintsTheListAsTextAndAsJson() {
        String paidTwice = h.order("6.00");
        h.suite.paidQrCharge("chrg_test_wl_cli1", "6.00", paidTwice);
        h.suite.paidQrCharge("chrg_test_wl_cli2", "6.00", paidTwice);
        h.qrCallback(paidTwice, "6.00", "chrg_test_wl_cli1");
        h.drain();
        h.qrCallback(paidTwice, "6.00", "chrg_test_wl_cli2");

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--branch", h.suite.branch(), "--order-table", h.suite.orderTable(),
                "--endpoint", h.suite.env().get("DYNAMODB_ENDPOINT")));
        int textCode = StoryCommand.worklist(args, StoryCommand.Defaults.aws(), Map.of(), print(text), print(err));
        args.add("--json");
        int jsonCode = StoryCommand.worklist(args, StoryCommand.Defaults.aws(), Map.of(), print(json), print(err));

        assertEquals(0, textCode, err.toString(StandardCharsets.UTF_8));
        assertEquals(0, jsonCode, err.toString(StandardCharsets.UTF_8));
        String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("Worklist: 1 item needing a person, oldest first"), out);
        assertTrue(out.contains("1. " + paidTwice + "  [needs a person]  since "), out);
        assertTrue(out.contains("   settle:  refund chrg_test_wl_cli2 by hand"), out);
        JsonNode parsed = Json.parse(json.toString(StandardCharsets.UTF_8));
        assertEquals(1, parsed.path("items").size(), parsed.toString());
        assertEquals("ACTION", parsed.path("items").get(0).path("severity").asText());
        assertEquals("PAID_TWICE", parsed.path("items").get(0).path("kind").asText());
        assertFalse(parsed.path("items").get(0).path("settle").asText().isEmpty());
    }

    @Test
    void aMissingTableIsNamedAndABadBranchIsNotAStackTrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StoryCommand.worklist(new ArrayList<>(List.of("--branch", "nosuchbranch", "--endpoint",
                h.suite.env().get("DYNAMODB_ENDPOINT"))), StoryCommand.Defaults.aws(), Map.of(), print(out), print(err));

        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("worklist: no tables "), message);
        assertTrue(message.contains("payment3-callback-error-log-nosuchbranch"), message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void aDynamoDbThatDoesNotAnswerAsksWhetherTheStackRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StoryCommand.run(new ArrayList<>(List.of("002500000001", "--branch", "local", "--endpoint",
                "http://127.0.0.1:9")), StoryCommand.Defaults.aws(), Map.of(), print(out), print(err));

        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("story: DynamoDB did not answer at http://127.0.0.1:9"), message);
        assertTrue(message.trim().endsWith("is the stack running?"), message);
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }
}
