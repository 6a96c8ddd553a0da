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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** E-mail and SNS messages written to a folder, one file each, instead of sent through SES and SNS. */
final class Outbox implements Mailer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

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

    /** An outbox of its own for one run of the stack: a folder {@code run-<UTC time>} under {@code root}. */
    static Outbox forRun(Path root, Clock clock) {
        return new Outbox(root.resolve("run-" + STAMP.format(clock.instant())), clock);
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
