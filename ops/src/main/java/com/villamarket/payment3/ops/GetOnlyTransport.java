package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * KBank's HTTP for the story: GET only. Every KBank call that changes something (a charge, a void, a
 * refund, a customer, an order) is a POST, so it is refused here before it is sent.
 */
final class GetOnlyTransport implements HttpTransport {

    private final HttpTransport real;

    GetOnlyTransport(HttpTransport real) {
        this.real = real;
    }

    @Override
    public HttpResponse send(String method, URI uri, Map<String, String> headers, String body,
            Duration connectTimeout, Duration readTimeout) throws IOException {
        if (!"GET".equals(method) || body != null) {
            throw new ReadOnlyException("KBank " + method + " " + uri.getPath()
                    + " refused: the story only asks KBank's inquiries");
        }
        return real.send(method, uri, headers, null, connectTimeout, readTimeout);
    }
}
