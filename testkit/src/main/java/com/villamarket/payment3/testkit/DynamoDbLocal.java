package com.villamarket.payment3.testkit;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
                    new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port)});
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
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
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
