package com.villamarket.payment3.testkit;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.net.InetAddress;

/**
 * DynamoDB Local running in this JVM on a loopback port, in memory, one shared database whatever
 * the credentials. Needs the native SQLite library on {@code sqlite4java.library.path} (the build
 * copies it there).
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static DynamoDbLocal shared;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbLocal(int port) {
        try {
            this.server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
            bindToLoopback(server);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port
                    + " (is sqlite4java.library.path set to the native library?)", e);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AP_SOUTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * DynamoDB Local listens on every interface and has no option to say otherwise: its Jetty connector
     * is told loopback before it starts, like every other local part.
     */
    private static void bindToLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
            if (field.getType().getName().equals("org.eclipse.jetty.server.Server")) {
                field.setAccessible(true);
                Object jetty = field.get(server);
                for (Object connector : (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty)) {
                    connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
                }
                return;
            }
        }
        throw new IllegalStateException("DynamoDB Local's server has no Jetty server to bind");
    }

    /** Starts a server on the given port (0 for any free one). */
    public static DynamoDbLocal start(int port) {
        return new DynamoDbLocal(port == 0 ? freePort() : port);
    }

    /** One server for the whole test JVM, started on first use and stopped at exit. */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null) {
            shared = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server. */
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        try {
            client.close();
            server.stop();
        } catch (Exception e) {
            // Stopping at exit: nothing to do about it.
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
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
