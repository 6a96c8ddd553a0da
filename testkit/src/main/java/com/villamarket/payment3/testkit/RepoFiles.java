package com.villamarket.payment3.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (template.yaml, events/), found from any module's working directory. */
public final class RepoFiles {

    private RepoFiles() {
    }

    /** The repository's root: the {@code payment3.repo.root} property, else the nearest folder up with template.yaml. */
    public static Path root() {
        String property = System.getProperty("payment3.repo.root");
        if (property != null && Files.exists(Path.of(property, "template.yaml"))) {
            return Path.of(property);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (no template.yaml above " + Path.of("").toAbsolutePath() + ")");
    }

    /** A repository file as UTF-8 text, for example {@code events/qr-callback/paid.json}. */
    public static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
