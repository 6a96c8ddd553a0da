package com.villamarket.payment3.common.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Every outbound HTTP call of the suite (KBank, Sentry) goes through this one interface. */
public interface HttpTransport {

    /**
     * Sends one request and reads the whole answer, whatever its status.
     *
     * @param body the request body, or null for none
     * @throws java.net.SocketTimeoutException when the connect or read timeout passes
     * @throws IOException when the connection fails
     */
    HttpResponse send(String method, URI uri, Map<String, String> headers, String body,
            Duration connectTimeout, Duration readTimeout) throws IOException;

    /** An HTTP answer: status code and body text (UTF-8). */
    record HttpResponse(int status, String body) {
        @Override
        public String toString() {
            return "HttpResponse[status=" + status + ", " + (body == null ? 0 : body.length()) + " chars]";
        }
    }
}
