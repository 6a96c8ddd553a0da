package com.villamarket.payment3.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless, as the page tests run it: the DOM it built from a page, and a screenshot of it. */
final class Chromium {

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The chromium on the PATH (Debian's {@code chromium}, or {@code chromium-browser}); empty when there is none. */
    static Optional<Chromium> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new Chromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM chromium built from the page at {@code url}, serialized after its scripts ran. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url), null);
    }

    /** A screenshot of the page at {@code url} in a window of {@code width} by {@code height}, written to {@code png}. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url), png);
    }

    private String run(List<String> what, Path expected) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("payment3-chromium");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--hide-scrollbars", "--user-data-dir=" + profile));
            command.addAll(what);
            Path out = Files.createTempFile("payment3-chromium", ".out");
            Path err = Files.createTempFile("payment3-chromium", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in 120 s: " + command);
            }
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            String log = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0 || (expected != null && !Files.exists(expected))) {
                throw new IllegalStateException("chromium failed (exit " + process.exitValue() + "): " + log);
            }
            return dom;
        } finally {
            try (var files = Files.walk(profile)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // A temporary profile left behind.
            }
        }
    }
}
