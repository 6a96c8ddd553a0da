package com.villamarket.payment3.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the running local stack is: {@code .run-local/state.json} in the checkout, written once the stack
 * is up, removed when it stops cleanly. {@code story} and {@code worklist} read the stack it names (its
 * DynamoDB, its KBank, its API), never whatever happens to listen on the default ports. A file whose
 * process is gone (killed, the machine restarted) is stale: it is reported as such and removed, and a new
 * start is allowed; a file whose process runs means a stack is running in this checkout already.
 *
 * @param pid          the stack's process
 * @param processStart when that process started, as the operating system says (a pid reused later is not it)
 * @param startedAt    when the stack was ready
 * @param kbankSandbox whether KBank is the local sandbox (its key is then the sandbox's)
 */
record StackState(long pid, Instant processStart, Instant startedAt, String branch, String orderTable, URI api,
        URI dynamoDb, URI kbank, boolean kbankSandbox, Path outbox) {

    static final String FOLDER = ".run-local";
    static final String FILE = "state.json";

    /** This process's state for a stack that is up. */
    static StackState of(SuiteInProcess stack, Instant at) {
        ProcessHandle self = ProcessHandle.current();
        return new StackState(self.pid(), self.info().startInstant().orElse(null), at, stack.branch(),
                stack.components().platform().config().orderTable(), URI.create(stack.apiUrl()), stack.dynamoDbEndpoint(),
                stack.kbankUrl(), stack.usesSandbox(), stack.outbox().toAbsolutePath());
    }

    /** The state file of the checkout at {@code root}. */
    static Path file(Path root) {
        return root.resolve(FOLDER).resolve(FILE);
    }

    /** Writes it whole (a temporary file moved into place), so that a reader never sees half of it. */
    void write(Path root) {
        Path file = file(root);
        ObjectNode json = Json.object().put("pid", pid).put("processStart", processStart == null ? null : processStart.toString())
                .put("startedAt", startedAt.toString()).put("branch", branch).put("orderTable", orderTable)
                .put("api", api.toString()).put("dynamoDb", dynamoDb.toString()).put("kbank", kbank.toString())
                .put("kbankSandbox", kbankSandbox).put("outbox", outbox.toString());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + "." + pid + ".tmp");
            Files.writeString(temporary, Json.write(json) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the file, if it is still this process's (a clean stop). */
    static void remove(Path root, long pid) {
        try {
            Optional<StackState> state = read(root);
            if (state.isPresent() && state.get().pid() == pid) {
                Files.deleteIfExists(file(root));
            }
        } catch (IOException | IllegalArgumentException e) {
            // Stopping: a file left behind is found stale by its pid next time.
        }
    }

    /**
     * The state file of the checkout, if there is one.
     *
     * @throws IllegalArgumentException when it cannot be read (named, with what to do)
     */
    static Optional<StackState> read(Path root) throws IOException {
        Path file = file(root);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode j = Json.parse(text);
            String processStart = j.path("processStart").asText(null);
            return Optional.of(new StackState(j.path("pid").asLong(), processStart == null ? null : Instant.parse(processStart),
                    Instant.parse(j.path("startedAt").asText()), j.path("branch").asText(), j.path("orderTable").asText(),
                    URI.create(j.path("api").asText()), URI.create(j.path("dynamoDb").asText()),
                    URI.create(j.path("kbank").asText()), j.path("kbankSandbox").asBoolean(),
                    Path.of(j.path("outbox").asText())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " cannot be read (" + e.getMessage() + "); delete it if no stack runs");
        }
    }

    /** Whether its process still runs: the same pid, started at the same moment. */
    boolean isRunning() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = process.get().info().startInstant();
        return processStart == null || start.isEmpty() || start.get().equals(processStart);
    }

    /**
     * The running stack of the checkout, for a command that reads it.
     *
     * @throws IllegalArgumentException when none runs (no file, or a stale one, which is removed), saying what to do
     */
    static StackState running(Path root) {
        Optional<StackState> state;
        try {
            state = read(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file(root) + ": " + e.getMessage());
        }
        if (state.isEmpty()) {
            throw new IllegalArgumentException("no local stack is running in this checkout (no " + FOLDER + "/" + FILE
                    + "): start one with ./run-local, or give --endpoint URL to read another DynamoDB");
        }
        if (!state.get().isRunning()) {
            try {
                Files.deleteIfExists(file(root));
            } catch (IOException e) {
                // Reported below all the same.
            }
            throw new IllegalArgumentException("the local stack recorded in " + FOLDER + "/" + FILE + " (pid " + state.get().pid()
                    + ", started " + state.get().startedAt() + ") is not running any more (stopped without cleaning up?);"
                    + " the stale file is removed: start the stack again with ./run-local");
        }
        return state.get();
    }

    /**
     * Refuses a second start in the same checkout while a first runs; a stale file is removed.
     *
     * @throws IllegalArgumentException when a stack runs, naming it
     */
    static void refuseSecondStart(Path root) {
        Optional<StackState> state;
        try {
            state = read(root);
        } catch (IOException | IllegalArgumentException e) {
            return;
        }
        if (state.isPresent() && state.get().pid() != ProcessHandle.current().pid()) {
            if (state.get().isRunning()) {
                throw new IllegalArgumentException("a local stack is already running in this checkout (pid " + state.get().pid()
                        + ", API " + state.get().api() + ", started " + state.get().startedAt() + "): stop it first (Ctrl-C in"
                        + " its terminal, or kill " + state.get().pid() + ")");
            }
            try {
                Files.deleteIfExists(file(root));
            } catch (IOException e) {
                // The new stack's state replaces it.
            }
        }
    }
}
