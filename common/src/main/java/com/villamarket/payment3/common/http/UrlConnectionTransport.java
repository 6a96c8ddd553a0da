package com.villamarket.payment3.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import com.villamarket.payment3.common.metrics.IoTime;

/**
 * {@link HttpTransport} over {@link HttpURLConnection}: the classes the AWS SDK's URL-connection
 * client already loads, so it adds no start-up cost.
 */
public final class UrlConnectionTransport implements HttpTransport {

    /** Answers larger than this are cut off: KBank's objects are a few kilobytes. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    @Override
    public HttpResponse send(String method, URI uri, Map<String, String> headers, String body,
            Duration connectTimeout, Duration readTimeout) throws IOException {
        long start = System.nanoTime();
        try {
            return exchange(method, uri, headers, body, connectTimeout, readTimeout);
        } finally {
            IoTime.add(System.nanoTime() - start);
        }
    }

    private HttpResponse exchange(String method, URI uri, Map<String, String> headers, String body,
            Duration connectTimeout, Duration readTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        // No disconnect() at the end: reading the body to its end lets the JDK keep the connection alive.
        connection.setRequestMethod(method);
        connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        headers.forEach(connection::setRequestProperty);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new HttpResponse(status, in == null ? "" : readAll(in));
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new IOException("answer is larger than " + MAX_BODY_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
