package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: where the running stack is, a stale one found by its pid, a second start refused. */
class StackStateTest {

    @TempDir
    Path checkout;

    private static StackState of(long pid, Instant processStart) {
        return new StackState(pid, processStart, Instant.parse("2026-12-03T01:00:00Z"), "local", "order-table-local",
                URI.create("http://127.0.0.1:3100"), URI.create("http://127.0.0.1:8100"), URI.create("http://127.0.0.1:8110"),
                true, Path.of("/tmp/outbox/run-x"));
    }

    /** A process that has finished: its pid runs nothing of its own any more. */
    private static ProcessHandle finished() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.toHandle();
    }

    private record Run(int code, String out, String err) {
    }

    private Run story(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalMain.read("story", new ArrayList<>(List.of(args)), checkout, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writtenWholeAndReadBack() throws Exception {
        StackState state = of(42, Instant.parse("2026-12-03T00:59:00Z"));
        state.write(checkout);

        assertEquals(state, StackState.read(checkout).orElseThrow());
        assertTrue(Files.exists(checkout.resolve(".run-local/state.json")));
        try (var files = Files.list(checkout.resolve(".run-local"))) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
    }

    @Test
    void storyWithNoStackRunningSaysSoAndHowToStartOne() {
        Run run = story("002500048744");

        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("story: no local stack is running in this checkout (no .run-local/state.json): start"
                + " one with ./run-local"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aStateFileWhoseProcessIsGoneIsStaleAndRemoved() throws Exception {
        ProcessHandle gone = finished();
        of(gone.pid(), gone.info().startInstant().orElse(null)).write(checkout);

        Run run = story("002500048744");

        assertEquals(2, run.code());
        assertTrue(run.err().contains("is not running any more"), run.err());
        assertTrue(run.err().contains("pid " + gone.pid()), run.err());
        assertFalse(Files.exists(StackState.file(checkout)), "the stale file is removed");
    }

    @Test
    void aPidReusedByAnotherProcessIsNotTheStack() {
        ProcessHandle self = ProcessHandle.current();
        StackState reused = of(self.pid(), self.info().startInstant().orElseThrow().minusSeconds(3600));

        assertFalse(reused.isRunning());
        assertTrue(of(self.pid(), self.info().startInstant().orElseThrow()).isRunning());
    }

    @Test
    void aSecondStartInTheSameCheckoutIsRefusedWhileTheFirstRuns() throws Exception {
        Process first = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessHandle running = first.toHandle();
            of(running.pid(), running.info().startInstant().orElse(null)).write(checkout);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StackState.refuseSecondStart(checkout));

            assertTrue(e.getMessage().startsWith("a local stack is already running in this checkout (pid " + running.pid()
                    + ", API http://127.0.0.1:3100"), e.getMessage());
        } finally {
            first.destroy();
            first.waitFor();
        }
        StackState.refuseSecondStart(checkout);
        assertFalse(Files.exists(StackState.file(checkout)), "once the first is gone its file is stale, and removed");
    }

    @Test
    void theFileIsRemovedOnACleanStopOnlyByItsOwnProcess() throws Exception {
        of(ProcessHandle.current().pid(), null).write(checkout);
        StackState.remove(checkout, ProcessHandle.current().pid() + 1);
        assertTrue(Files.exists(StackState.file(checkout)));

        StackState.remove(checkout, ProcessHandle.current().pid());
        assertFalse(Files.exists(StackState.file(checkout)));
    }
}
