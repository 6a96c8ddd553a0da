package com.villamarket.payment3.testkit;

import com.villamarket.payment3.testkit.AwsFront.Call;
import com.villamarket.payment3.testkit.TemplateRoles.Role;
import com.villamarket.payment3.testkit.TemplateRoles.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The least-privilege table: what each function's tests called on AWS against what its role grants. Every
 * {@link AwsFront} of a test JVM registers here; when the JVM ends, its calls are merged into the module's
 * {@code target/aws-calls.tsv} (so a module's unit tests and its packaged ITs add up) and the table is
 * written beside it as {@code target/aws-permissions.md}, the stack's branch written {@code {branch}}.
 * Each grant (an action on a resource of a statement) is marked used when some call of that function
 * matched it, and every denied call is listed.
 */
public final class PermissionsReport {

    private static final List<AwsFront> FRONTS = new CopyOnWriteArrayList<>();
    private static volatile boolean hooked;

    private PermissionsReport() {
    }

    static synchronized void register(AwsFront front) {
        FRONTS.add(front);
        // Written for a build's tests only (surefire and failsafe set payment3.build), not for ./run-local.
        if (!hooked && System.getProperty("payment3.build") != null) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(PermissionsReport::writeQuietly, "permissions-report"));
        }
    }

    private static void writeQuietly() {
        try {
            write(Path.of(System.getProperty("user.dir"), "target"));
        } catch (RuntimeException e) {
            System.err.println("the least-privilege table was not written: " + e);
        }
    }

    /** Merges this JVM's calls into {@code dir/aws-calls.tsv} and writes {@code dir/aws-permissions.md}. */
    public static void write(Path dir) {
        Set<String> lines = new TreeSet<>();
        for (AwsFront front : FRONTS) {
            String branch = front.branch();
            for (Call call : front.calls()) {
                lines.add(String.join("\t", "call", call.function(), call.action(), normal(call.resource(), branch),
                        call.allowed() ? "allowed" : "DENIED"));
            }
            for (Role role : front.roles().values()) {
                for (Statement statement : role.statements()) {
                    for (String action : statement.actions()) {
                        for (String resource : statement.resources()) {
                            lines.add(String.join("\t", "grant", role.logicalId(), action, normal(resource, branch)));
                        }
                    }
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tsv = dir.resolve("aws-calls.tsv");
            try (FileChannel channel = FileChannel.open(dir.resolve("aws-calls.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                // The calls of this build's earlier JVMs (its unit tests before its ITs) count; an earlier build's do not.
                String build = "build\t" + System.getProperty("payment3.build", "");
                if (Files.exists(tsv)) {
                    List<String> before = Files.readAllLines(tsv, StandardCharsets.UTF_8);
                    if (!before.isEmpty() && before.get(0).equals(build) && !build.equals("build\t")) {
                        lines.addAll(before.subList(1, before.size()));
                    }
                }
                List<String> out = new ArrayList<>();
                out.add(build);
                out.addAll(lines);
                Files.write(tsv, out, StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("aws-permissions.md"), markdown(lines), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the table of several modules' {@code aws-calls.tsv} together (each module's own build line left out):
     * {@code java -cp testkit/target/classes com.villamarket.payment3.testkit.PermissionsReport *}{@code /target/aws-calls.tsv},
     * what docs/deployment.md's least-privilege table is made from after a full {@code mvn verify}.
     */
    public static void main(String... tsvFiles) throws IOException {
        Set<String> lines = new TreeSet<>();
        for (String file : tsvFiles) {
            List<String> all = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            lines.addAll(all.stream().filter(l -> !l.startsWith("build\t")).toList());
        }
        System.out.print(markdown(lines));
    }

    /** The branch, where a name ends with it or a role's name holds it ({@code -dev-}), written {@code {branch}}. */
    private static String normal(String text, String branch) {
        return branch == null || branch.isEmpty() ? text
                : text.replaceAll("-" + java.util.regex.Pattern.quote(branch) + "(?=$|[-:/])", "-{branch}");
    }

    /**
     * The table of merged lines: per function and granted resource, the actions granted, those some call of
     * the function's tests used, and those none did; then every denied call.
     */
    static String markdown(Set<String> lines) {
        Map<String, List<String[]>> calls = new TreeMap<>();
        Map<String, Map<String, Set<String>>> grants = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f[0].equals("call")) {
                calls.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
            } else if (f[0].equals("grant")) {
                grants.computeIfAbsent(f[1], k -> new TreeMap<>()).computeIfAbsent(f[3], k -> new TreeSet<>()).add(f[2]);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| function | resource granted | actions used by its tests | granted, never used |\n|---|---|---|---|\n");
        for (var function : grants.entrySet()) {
            List<String[]> made = calls.getOrDefault(function.getKey(), List.of());
            for (var resource : function.getValue().entrySet()) {
                Set<String> used = new TreeSet<>();
                Set<String> unused = new TreeSet<>();
                for (String action : resource.getValue()) {
                    Statement one = new Statement("", List.of(action), List.of(resource.getKey()));
                    (made.stream().anyMatch(c -> c[4].equals("allowed") && one.allows(c[2], c[3])) ? used : unused).add(action);
                }
                out.append("| ").append(function.getKey()).append(" | `").append(shorter(resource.getKey())).append("` | ")
                        .append(actions(used)).append(" | ").append(actions(unused)).append(" |\n");
            }
        }
        out.append("\nDenied calls (each a gap between the code and its role):\n\n| function | action | resource |\n|---|---|---|\n");
        calls.values().stream().flatMap(List::stream).filter(c -> !c[4].equals("allowed"))
                .forEach(c -> out.append("| ").append(c[1]).append(" | `").append(c[2]).append("` | `").append(shorter(c[3]))
                        .append("` |\n"));
        return out.toString();
    }

    /** An ARN without the partition, region and account every resource here shares. */
    private static String shorter(String arn) {
        return arn.replaceFirst("^arn:aws:([a-z0-9-]+):" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID + ":", "$1:");
    }

    private static String actions(Set<String> actions) {
        return actions.isEmpty() ? "-" : String.join(", ", actions.stream().map(a -> a.substring(a.indexOf(':') + 1)).toList());
    }
}
