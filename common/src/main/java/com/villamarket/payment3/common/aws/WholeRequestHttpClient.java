package com.villamarket.payment3.common.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The URL-connection HTTP client, handed each request without its {@code Content-Length} header, so that
 * the JDK's connection sends the request whole instead of streaming it.
 *
 * <p>Given the length, the SDK's client puts the connection in fixed-length streaming mode, and for a
 * streamed POST on a kept-alive connection the JDK first waits a millisecond for the server to say the
 * connection is closed ({@code sun.net.www.http.HttpClient.available}): one millisecond more for every
 * DynamoDB, Lambda or SES call but a connection's first, on Lambda as here. Sent whole, the request carries
 * the same length, which the JDK writes itself, so the signature over it still holds.
 */
public final class WholeRequestHttpClient implements SdkHttpClient {

    private static final String CONTENT_LENGTH = "Content-Length";

    private final SdkHttpClient delegate;

    public WholeRequestHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (request.httpRequest().firstMatchingHeader(CONTENT_LENGTH).isEmpty()) {
            return delegate.prepareRequest(request);
        }
        return delegate.prepareRequest(HttpExecuteRequest.builder()
                .request(request.httpRequest().toBuilder().removeHeader(CONTENT_LENGTH).build())
                .contentStreamProvider(request.contentStreamProvider().orElse(null))
                .metricCollector(request.metricCollector().orElse(null))
                .build());
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
