package com.villamarket.payment3.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on loopback with Nagle's algorithm off. Left on, a response written as headers then
 * body waits for the client's delayed acknowledgement of the headers, about 40 ms per exchange on Linux,
 * which would swamp every latency measured through these servers.
 */
public final class LoopbackHttpServer {

    static {
        // Read once, when the JDK's server first loads its settings: before any server of this JVM starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer() {
    }

    /**
     * A server bound to loopback, not yet started.
     *
     * @param port 0 for any free port
     * @throws java.net.BindException when the port is in use
     */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
