package com.villamarket.payment3.local;

import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.mail.Mailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;

/** E-mail and SNS messages written to a folder, one file each, instead of sent through SES and SNS. */
final class Outbox implements Mailer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** How many runs' folders the outbox keeps. */
    static final int KEEP_RUNS = 5;
    /** The file in a run's folder naming the process that writes it. */
    private static final String OWNER = ".pid";

    private final Path folder;
    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();

    Outbox(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox folder " + folder, e);
        }
    }

    /**
     * An outbox of its own for one run of the stack (a start, an invoke): a folder {@code run-<UTC time>} under
     * {@code root}. The folders of older runs are removed, but for the newest {@link #KEEP_RUNS} and those of
     * runs still going (a stack serving while an invoke runs).
     */
    static Outbox forRun(Path root, Clock clock) {
        Outbox outbox = new Outbox(root.resolve("run-" + STAMP.format(clock.instant()) + "-" + ProcessHandle.current().pid()),
                clock);
        try {
            Files.writeString(outbox.folder.resolve(OWNER), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in the outbox folder " + outbox.folder, e);
        }
        prune(root, KEEP_RUNS);
        return outbox;
    }

    /** Removes the run folders under {@code root} but for the newest {@code keep} and those of processes still running. */
    static void prune(Path root, int keep) {
        List<Path> runs;
        try (Stream<Path> folders = Files.list(root)) {
            runs = folders.filter(f -> f.getFileName().toString().startsWith("run-") && Files.isDirectory(f))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            return;
        }
        for (Path run : runs.subList(Math.min(keep, runs.size()), runs.size())) {
            if (!isRunning(run)) {
                delete(run);
            }
        }
    }

    private static boolean isRunning(Path run) {
        try {
            long pid = Long.parseLong(Files.readString(run.resolve(OWNER), StandardCharsets.UTF_8).trim());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void delete(Path run) {
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // Left for the next run to remove.
        }
    }

    Path folder() {
        return folder;
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        Path file = write("mail.txt", "To: " + String.join(", ", to) + "\nSubject: " + subject + "\n\n" + text);
        Log.info("e-mail written to the outbox", "file", file, "subject", subject);
    }

    /** An SNS message to the notification topic. */
    void publish(String message) {
        Path file = write("sns.json", message);
        Log.info("SNS message written to the outbox", "file", file);
    }

    private Path write(String suffix, String content) {
        Path file = folder.resolve(STAMP.format(clock.instant()) + "-" + counter.incrementAndGet() + "-" + suffix);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
