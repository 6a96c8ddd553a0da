package com.villamarket.payment3.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * moto's DynamoDB (Apache-2.0, {@code pip install 'moto[server]'}) in a Python process on a loopback port,
 * in memory, behind a front that serves one request at a time ({@code moto/serialized_moto.py}): moto's own
 * threaded server lets two conditional writes of one item both win. The process ends with this JVM (it
 * exits when its standard input closes). The interpreter is {@code python3}, or the system property
 * {@code payment3.python} / the variable {@code PAYMENT3_PYTHON}.
 */
public final class MotoDynamoDb implements AutoCloseable {

    /** The access key id of the suite's own seeding and checking (tests, the local stack's tools). */
    public static final String ADMIN_ACCESS_KEY = "payment3-admin";

    private static MotoDynamoDb shared;

    private final Process process;
    private final OutputStream lifeline;
    private final URI endpoint;
    private final DynamoDbClient client;

    private MotoDynamoDb(int port) {
        Path script = extractScript();
        Path log = script.resolveSibling(script.getFileName() + ".log");
        String python = python();
        try {
            process = new ProcessBuilder(List.of(python, script.toString(), Integer.toString(port)))
                    .redirectError(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("The tests' DynamoDB engine is moto's server (moto_server, run by " + python
                    + "), and " + python + " could not be started: install Python 3 and `pip install 'moto[server]==5.2.1'`,"
                    + " or set PAYMENT3_PYTHON to an interpreter that has moto (" + e.getMessage() + ")", e);
        }
        lifeline = process.getOutputStream();
        String line;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            line = out.readLine();
            drain(process.getInputStream());
        } catch (IOException e) {
            line = null;
        }
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            String why = readQuietly(log);
            throw new IllegalStateException(why.contains("moto is not installed")
                    ? "The tests' DynamoDB engine is moto's server (moto_server): " + why.strip()
                    : "moto's DynamoDB (moto_server behind " + script.getFileName() + ", run by " + python
                            + ") did not start on port " + port + ": " + why.strip());
        }
        this.endpoint = URI.create("http://127.0.0.1:" + Integer.parseInt(line.substring(5).strip()));
        this.client = client(endpoint, ADMIN_ACCESS_KEY);
    }

    /** Starts an engine on the given port (0 for any free one). */
    public static MotoDynamoDb start(int port) {
        return new MotoDynamoDb(port);
    }

    /** One engine for the whole test JVM, started on first use and stopped at exit. */
    public static synchronized MotoDynamoDb shared() {
        if (shared == null) {
            shared = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A DynamoDB client of an endpoint, signing as the given access key id. */
    public static DynamoDbClient client(URI endpoint, String accessKeyId) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(TemplateTables.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this engine. */
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        try {
            lifeline.close();
        } catch (IOException e) {
            // The process is gone already.
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a loopback port can be bound right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free on loopback right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String python() {
        String configured = System.getProperty("payment3.python", System.getenv("PAYMENT3_PYTHON"));
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    private static Path extractScript() {
        try (InputStream in = MotoDynamoDb.class.getResourceAsStream("/moto/serialized_moto.py")) {
            if (in == null) {
                throw new IllegalStateException("testkit has no moto/serialized_moto.py");
            }
            Path dir = Files.createTempDirectory("payment3-moto");
            Path script = dir.resolve("serialized_moto.py");
            Files.write(script, in.readAllBytes());
            dir.toFile().deleteOnExit();
            script.toFile().deleteOnExit();
            script.resolveSibling("serialized_moto.py.log").toFile().deleteOnExit();
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the process's standard output from filling its pipe. */
    private static void drain(InputStream in) {
        Thread drain = new Thread(() -> {
            try {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The process ended.
            }
        }, "moto-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    private static String readQuietly(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
