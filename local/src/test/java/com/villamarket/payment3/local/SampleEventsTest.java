package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.MotoDynamoDb;
import com.villamarket.payment3.testkit.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Every sample event under {@code events/}, run as {@code ./run-local invoke} runs it (the function's jar
 * under Lambda's runtime interface client, on a fresh stack with the sample world), gives the answer the
 * events table of docs/running-locally.md documents for it: the table's third column starts with the status code, or
 * {@code error} for a function that throws, and every further code span in it is text the answer holds.
 */
class SampleEventsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(events/[^`]+\\.json)` \\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @TempDir
    static Path outbox;

    /** One row of the events table (docs/running-locally.md, "Sample events"). */
    record Documented(String file, String status, List<String> holds) {
    }

    static List<Documented> table() {
        List<Documented> rows = new ArrayList<>();
        Matcher row = ROW.matcher(RepoFiles.read("docs/running-locally.md"));
        while (row.find()) {
            List<String> spans = new ArrayList<>();
            Matcher code = CODE.matcher(row.group(2));
            while (code.find()) {
                spans.add(code.group(1));
            }
            if (spans.isEmpty()) {
                throw new IllegalStateException("the events table of docs/running-locally.md gives no answer for " + row.group(1));
            }
            rows.add(new Documented(row.group(1), spans.get(0), List.copyOf(spans.subList(1, spans.size()))));
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everySampleEventGivesItsDocumentedAnswer() throws IOException {
        List<Documented> table = table();
        TreeSet<String> files;
        try (Stream<Path> all = Files.walk(RepoFiles.root().resolve("events"))) {
            files = all.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> RepoFiles.root().relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, table.stream().map(Documented::file).collect(Collectors.toCollection(TreeSet::new)),
                "docs/running-locally.md's events table has one row for every file under events/");
        return table.stream().map(row -> DynamicTest.dynamicTest(row.file(), () -> check(row)));
    }

    private static void empty(DynamoDbClient dynamoDb) {
        for (String table : dynamoDb.listTables().tableNames()) {
            List<String> keys = dynamoDb.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                    .map(KeySchemaElement::attributeName).toList();
            dynamoDb.scanPaginator(r -> r.tableName(table)).items().forEach(item -> dynamoDb.deleteItem(r -> r.tableName(table)
                    .key(item.entrySet().stream().filter(e -> keys.contains(e.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
        }
    }

    private static void check(Documented row) throws InterruptedException {
        String function = row.file().split("/")[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // A fresh stack, as invoke makes one, on this test's moto's DynamoDB with every table emptied first:
        // faster than starting a DynamoDB engine, or creating the tables, for each event.
        empty(MotoDynamoDb.shared().client());
        int code = LocalMain.invoke(new ArrayList<>(List.of(function, "-e", RepoFiles.root().resolve(row.file()).toString(),
                "--outbox", outbox.toString(), "--dynamodb-endpoint", MotoDynamoDb.shared().endpoint().toString())), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String answer = out.toString(StandardCharsets.UTF_8).trim();
        String log = err.toString(StandardCharsets.UTF_8);
        log.lines().filter(l -> l.contains("REPORT")).forEach(System.out::println);
        JsonNode json = Json.parse(answer);
        if ("error".equals(row.status())) {
            assertEquals(1, code, answer);
            assertTrue(json.has("errorType"), answer);
        } else {
            assertEquals(0, code, answer + "\n" + log);
            assertEquals(row.status(), json.path("statusCode").asText(), answer);
        }
        String text = json.has("body") ? json.path("body").asText() : answer;
        for (String holds : row.holds()) {
            assertTrue(text.contains(holds), "the answer should hold " + holds + ":\n" + text);
        }
        assertFalse(log.contains("failed asynchronous invocations"), "every asynchronous invocation succeeded:\n" + log);
    }
}
