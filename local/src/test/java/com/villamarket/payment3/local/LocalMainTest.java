package com.villamarket.payment3.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to what a new user gets wrong, before anything starts. */
class LocalMainTest {

    @TempDir
    Path folder;

    private static IllegalArgumentException invokeFails(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return assertThrows(IllegalArgumentException.class, () -> LocalMain.invoke(new ArrayList<>(List.of(args)), sink, sink));
    }

    @Test
    void anUnknownFunctionIsAnsweredWithTheValidNames() {
        IllegalArgumentException e = invokeFails("qr-calback", "-e", "events/qr-callback/paid.json");

        assertTrue(e.getMessage().startsWith("no function qr-calback in template.yaml; the functions are: "), e.getMessage());
        assertTrue(e.getMessage().contains("QRCallbackFunction (qr-callback)"), e.getMessage());
        assertTrue(e.getMessage().contains("ReplayFunction (replay)"), e.getMessage());
    }

    @Test
    void anEventFileThatIsNotJsonIsNamedWithWhereItGoesWrong() throws IOException {
        Path form = Files.writeString(folder.resolve("callback.txt"), "orderId=002500048744&status=success");

        IllegalArgumentException e = invokeFails("qr-callback", "-e", form.toString());

        assertTrue(e.getMessage().startsWith("the event file " + form + " is not JSON (line 1, column "), e.getMessage());
    }

    @Test
    void aMissingEventFileAndAMissingOptionAreNamed() {
        assertEquals("no event file " + folder.resolve("none.json"),
                invokeFails("qr-callback", "-e", folder.resolve("none.json").toString()).getMessage());
        assertEquals("invoke needs -e EVENT_FILE", invokeFails("qr-callback").getMessage());
        assertTrue(invokeFails("-e", "x.json").getMessage().startsWith("invoke needs a function: QRCallbackFunction"));
    }

    @Test
    void pathsAreRelativeToWhereTheCommandWasRun() {
        assertEquals(Path.of("/home/dev/shop/events/x.json"), LocalMain.callerPath("events/x.json", "/home/dev/shop"));
        assertEquals(Path.of("/tmp/x.json"), LocalMain.callerPath("/tmp/x.json", "/home/dev/shop"));
        assertEquals(Path.of("events/x.json"), LocalMain.callerPath("events/x.json", null));
    }

    @Test
    void badOptionValuesAreNamed() {
        assertEquals("--api-port must be a whole number from 0 to 65535",
                assertThrows(IllegalArgumentException.class, () -> LocalMain.parse(List.of("--api-port", "x"), true)).getMessage());
        assertEquals("unknown option --seeds (see --help)",
                assertThrows(IllegalArgumentException.class, () -> LocalMain.parse(List.of("--seeds", "a"), true)).getMessage());
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        assertTrue(LocalMain.usage("invoke").startsWith("usage: run-local invoke FUNCTION -e EVENT_FILE"), LocalMain.usage("invoke"));
        assertTrue(LocalMain.usage("story").startsWith("usage: ./run-local story <orderId | chargeId> [--region R]"),
                LocalMain.usage("story"));
        assertTrue(LocalMain.usage("worklist").startsWith("usage: ./run-local worklist [--region R]"), LocalMain.usage("worklist"));
        assertTrue(LocalMain.usage("serve").startsWith("usage: run-local [serve] [--branch local]"), LocalMain.usage("serve"));
        assertTrue(LocalMain.usage("load").startsWith("usage: run-local load [--callbacks 2000]"), LocalMain.usage("load"));
        assertTrue(LocalMain.usage("").contains("run-local COMMAND --help shows a command's options."), LocalMain.usage(""));
    }

    @Test
    void theOutboxKeepsTheNewestRunsAndThoseStillRunning() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path running = Files.createDirectories(folder.resolve("run-20261201-000000-000-1"));
            Files.writeString(running.resolve(".pid"), other.pid() + "\n");
            for (int i = 2; i <= 9; i++) {
                Path run = Files.createDirectories(folder.resolve("run-20261201-00000" + i + "-000-1"));
                Files.writeString(run.resolve("x-mail.txt"), "mail " + i);
            }

            Outbox.prune(folder, 5);

            List<String> left;
            try (var files = Files.list(folder)) {
                left = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            assertEquals(List.of("run-20261201-000000-000-1", "run-20261201-000005-000-1", "run-20261201-000006-000-1",
                    "run-20261201-000007-000-1", "run-20261201-000008-000-1", "run-20261201-000009-000-1"), left);
        } finally {
            other.destroy();
            other.waitFor();
        }
    }
}
