package com.villamarket.payment3.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the results must say about the machine they were measured on. */
final class Machine {

    private Machine() {
    }

    /** Cores, CPU model and kernel. */
    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // Not Linux.
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first line {@code java -version} prints, and the VM's. */
    static String javaVersion(Path java) {
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return text.lines().filter(l -> !l.startsWith("Picked up")).limit(3).reduce((a, b) -> a + "; " + b).orElse(java.toString());
        } catch (IOException e) {
            return java.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.toString();
        }
    }
}
