package com.villamarket.payment3.common.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.testkit.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * An AWS API on loopback for the tests of the SDK clients the suite builds ({@link AwsClients}): records each
 * request as it arrived, checks its SigV4 signature by signing what it received again with the same key and
 * time (so that what was signed and what was sent cannot differ), and answers from a queue of canned answers,
 * 200 {@code {}} when empty. While it runs, the SDK's endpoint settings of Lambda, SES, SNS and Secrets Manager
 * (the system properties beside {@code AWS_ENDPOINT_URL_LAMBDA} and the like) name it.
 */
final class AwsApiStub implements AutoCloseable {

    /** The key {@link AwsClients} signs with when the configuration names none. */
    static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("local", "local");
    /** The SDK's endpoint system property of each service the stub stands for. */
    static final List<String> ENDPOINT_PROPERTIES = List.of("aws.endpointUrlLambda", "aws.endpointUrlSes",
            "aws.endpointUrlSns", "aws.endpointUrlSecretsManager");
    static final String REGION = "ap-southeast-1";

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** One request as it arrived, and whether its signature held. */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body,
            String service, String region, boolean signatureValid) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned answer. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    AwsApiStub() {
        try {
            server = LoopbackHttpServer.create(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        ENDPOINT_PROPERTIES.forEach(name -> System.setProperty(name, endpoint().toString()));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues the answer to the next request. */
    synchronized AwsApiStub answer(int status, Map<String, String> headers, String body) {
        answers.add(new Answer(status, headers, body));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        ENDPOINT_PROPERTIES.forEach(System::clearProperty);
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
            boolean matched = auth != null && auth.matches();
            received.add(new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body,
                    matched ? auth.group(4) : null, matched ? auth.group(3) : null,
                    matched && signatureHolds(exchange, uri, body, auth)));
            Answer answer;
            synchronized (this) {
                answer = answers.isEmpty() ? new Answer(200, Map.of("Content-Type", "application/json"), "{}") : answers.poll();
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Signs the received request again, at the time it names, and compares the two signatures. */
    private static boolean signatureHolds(HttpExchange exchange, URI uri, String body, Matcher auth) {
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !auth.group(1).equals(CREDENTIALS.accessKeyId())) {
            return false;
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .protocol("http")
                .host(uri.getHost() == null ? "127.0.0.1" : uri.getHost())
                .port(exchange.getLocalAddress().getPort())
                .encodedPath(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                request.putRawQueryParameter(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        for (String name : auth.group(5).split(";")) {
            if (!List.of("host", "x-amz-date").contains(name)) {
                request.putHeader(name, exchange.getRequestHeaders().getFirst(name));
            }
        }
        Clock at = Clock.fixed(LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        String expected = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, auth.group(4))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, auth.group(3))
                        .putProperty(HttpSigner.SIGNING_CLOCK, at))
                .request().firstMatchingHeader("Authorization").orElse("");
        Matcher again = AUTHORIZATION.matcher(expected);
        return again.matches() && again.group(6).equals(auth.group(6))
                && again.group(5).toLowerCase(Locale.ROOT).equals(auth.group(5).toLowerCase(Locale.ROOT));
    }
}
