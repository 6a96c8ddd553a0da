package com.villamarket.payment3.testkit;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one handler once, as the Lambda Java runtime does: the class loaded and constructed with its
 * no-argument constructor (reading the environment), then one event handled. Prints the response
 * on standard output, and the init and invoke times in milliseconds on standard error.
 *
 * <p>Usage: {@code java -cp <function jar>:<testkit> com.villamarket.payment3.testkit.LocalInvoke <handler class> <event file>}
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalInvoke <handler class> <event file>");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext(args[0]));
        long handled = System.nanoTime();
        System.out.println(out.toString(StandardCharsets.UTF_8));
        System.err.printf("init_ms=%d invoke_ms=%d%n", (constructed - start) / 1_000_000, (handled - constructed) / 1_000_000);
    }
}
