package com.villamarket.payment3.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command end to end, as small as it goes; timings are never asserted. */
class BenchSmokeTest {

    @Test
    void aOneRunBenchOfTheQrCallbackItsReferenceAndTheFloorWritesTheTableAndTheRatios(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int code = Bench.run(List.of("--only", "qr-callback,floor", "--runs", "1", "--pairs", "1", "--warm", "3",
                "--out", results.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(0, code);
        String table = Files.readString(results);
        assertTrue(table.contains("| qr-callback | "), table);
        assertTrue(table.contains("| reference | "), table);
        assertTrue(table.contains("| floor | "), table);
        assertTrue(table.contains("alternating pairs"), table);
        assertTrue(table.contains("| total ms | "), table);
        assertTrue(table.contains("| classes loaded | "), table);
        assertTrue(table.contains("## Conditions"), table);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("| qr-callback | "));
        assertTrue(table.contains("SDK region metadata classes"), table);
    }

    @Test
    void theQrCallbacksRequestPathLoadsNoneOfTheSdksRegionMetadata(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.md");

        Bench.run(List.of("--only", "qr-callback", "--runs", "1", "--pairs", "1", "--warm", "2", "--out", results.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<String> lines = Files.readAllLines(results);
        String header = lines.stream().filter(l -> l.startsWith("| function | ")).findFirst().orElseThrow();
        String row = lines.stream().filter(l -> l.startsWith("| qr-callback | ")).findFirst().orElseThrow();
        int column = List.of(header.split("\\|")).stream().map(String::trim).toList().indexOf("SDK region metadata classes");
        assertEquals("0", row.split("\\|")[column].trim(), "the region metadata classes column of " + row);
        int calls = List.of(header.split("\\|")).stream().map(String::trim).toList()
                .indexOf("I/O calls, first event (DynamoDB / KBank / Lambda)");
        assertEquals("5 / 1 / 1", row.split("\\|")[calls].trim(), "the happy path's calls: order, the KBank order its"
                + " charge's reference names, record with its claim, done, callback record; KBank's inquiry; the hand-on");
    }

    @Test
    void theClassLogIsReadForTheClassesNamed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Files.writeString(log, String.join("\n",
                "[0.010s][info][class,load] java.lang.Object source: shared objects file",
                "[0.412s][info][class,load] software.amazon.awssdk.regions.GeneratedServiceMetadataProvider source: jar:file:/t/lib/f.jar!/",
                "[0.413s][info][class,load] software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata source: jar:file:/t/lib/f.jar!/",
                "[0.414s][info][class,load] software.amazon.awssdk.regions.Region source: jar:file:/t/lib/f.jar!/"));

        assertEquals(List.of("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider",
                "software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata"),
                FunctionRuns.loaded(log, FunctionRuns.REGION_METADATA));
    }

    @Test
    void everyOtherFunctionPreparesItsSampleAndAnswersItUnderTheRuntimeClient(@TempDir Path dir) throws Exception {
        List<String> functions = List.of("process-paid-order-internal", "card-token", "card-callback", "process-paid-order",
                "kbank-create-user", "kbank-add-card", "kbank-create-order", "qr-notify", "card-notify", "reconcile", "replay");
        Path results = dir.resolve("results.md");

        // A function that posts an error to the runtime on its sample stops the bench with an exception.
        int code = Bench.run(List.of("--only", String.join(",", functions), "--runs", "1", "--warm", "2",
                "--out", results.toString()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(0, code);
        String table = Files.readString(results);
        functions.forEach(f -> assertTrue(table.contains("| " + f + " | "), f + " missing from\n" + table));
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Bench.Options.parse(List.of("--rusn", "3")));
    }
}
