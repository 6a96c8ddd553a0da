package com.villamarket.payment3.common.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.metrics.IoTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Calls an AWS service's HTTP API with one SigV4-signed request, through the AWS SDK's own signer and
 * the HTTP client the DynamoDB client uses, for the few calls the suite makes to services other than
 * DynamoDB (Lambda Invoke, SES SendEmail, SNS Publish, Secrets Manager GetSecretValue): an SDK client
 * would carry its service's whole model for one operation.
 *
 * <p>Failures are the SDK's own exceptions, as the SDK clients threw them: an error answer is an
 * {@link AwsServiceException} with the service's error code, a connection failure an
 * {@link SdkClientException}. A throttling or server error, or a connection failure, is tried again, at
 * most {@value #MAX_ATTEMPTS} attempts in all within the call timeout (the SDK's standard retry mode).
 */
public final class AwsApi {

    /** Attempts per call, the first included, as the SDK's standard retry mode makes them. */
    static final int MAX_ATTEMPTS = 3;

    /** The error codes the SDK retries as throttling. */
    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
            "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    /** Answers larger than this are refused: a synchronous Lambda answer is at most 6 MB. */
    private static final int MAX_BODY_BYTES = 7 << 20;

    /** An answer of 2xx. */
    public record Response(int status, SdkHttpResponse http, byte[] body) {

        public Optional<String> header(String name) {
            return http.firstMatchingHeader(name);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Function<AwsService, URI> endpoints;
    private final Duration callTimeout;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<AwsService, URI> resolved = new ConcurrentHashMap<>();

    /**
     * @param endpoints   where each service is ({@link AwsEndpoints#resolve(AwsService, String)} in production)
     * @param callTimeout the longest a call may take, retries included
     */
    public AwsApi(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
            Function<AwsService, URI> endpoints, Duration callTimeout) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoints = endpoints;
        this.callTimeout = callTimeout;
    }

    /**
     * Sends one request and gives back its 2xx answer.
     *
     * @param encodedPath the operation's path, URL-encoded, appended to the endpoint's own path
     * @param query       query parameters, not encoded
     * @throws AwsServiceException when the service answers an error
     * @throws SdkClientException  when the service cannot be reached, or the call timed out
     */
    public Response call(AwsService service, SdkHttpMethod method, String encodedPath, Map<String, String> query,
            Map<String, String> headers, byte[] body) {
        SdkHttpFullRequest request = request(service, method, encodedPath, query, headers, body);
        long deadline = System.nanoTime() + callTimeout.toNanos();
        long start = System.nanoTime();
        try {
            for (int attempt = 1; ; attempt++) {
                SdkException failure;
                boolean throttled = false;
                try {
                    Response response = attempt(service, request, body);
                    if (response.status() / 100 == 2) {
                        return response;
                    }
                    AwsServiceException error = error(service, response);
                    throttled = error.isThrottlingException() || THROTTLING_CODES.contains(error.awsErrorDetails().errorCode());
                    if (!throttled && response.status() < 500) {
                        throw error;
                    }
                    failure = error;
                } catch (IOException | UncheckedIOException e) {
                    failure = SdkClientException.create("cannot reach " + service.name() + ": " + e.getMessage(), e);
                }
                long delay = backoffMillis(attempt, throttled);
                if (attempt >= MAX_ATTEMPTS || System.nanoTime() + delay * 1_000_000 >= deadline) {
                    throw failure;
                }
                sleep(delay);
            }
        } finally {
            IoTime.add(System.nanoTime() - start);
        }
    }

    /** The region this client signs for. */
    public String region() {
        return region;
    }

    private SdkHttpFullRequest request(AwsService service, SdkHttpMethod method, String encodedPath,
            Map<String, String> query, Map<String, String> headers, byte[] body) {
        URI endpoint = resolved.computeIfAbsent(service, endpoints);
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(method)
                .protocol(endpoint.getScheme())
                .host(endpoint.getHost())
                .port(endpoint.getPort() == -1 ? null : endpoint.getPort())
                .encodedPath(basePath + encodedPath)
                .putHeader("User-Agent", "payment3")
                .putHeader("Content-Length", Integer.toString(body.length));
        query.forEach(builder::putRawQueryParameter);
        headers.forEach(builder::putHeader);
        return builder.build();
    }

    private Response attempt(AwsService service, SdkHttpFullRequest request, byte[] body) throws IOException {
        // Signed for each attempt: the signature carries its time.
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        byte[] answer = response.responseBody().isPresent() ? readAll(response.responseBody().get()) : new byte[0];
        return new Response(response.httpResponse().statusCode(), response.httpResponse(), answer);
    }

    /** The service's error answer as the SDK reports it: its code, message and request id. */
    private static AwsServiceException error(AwsService service, Response response) {
        String text = response.text();
        String code = response.header("x-amzn-ErrorType").map(t -> t.split(":", 2)[0]).orElse(null);
        String message = null;
        if (text.startsWith("{")) {
            try {
                JsonNode json = Json.parse(text);
                if (code == null) {
                    code = firstText(json, "__type", "code", "Code");
                    code = code == null ? null : code.substring(code.lastIndexOf('#') + 1);
                }
                message = firstText(json, "message", "Message", "errorMessage");
            } catch (IllegalArgumentException e) {
                // Not JSON after all: the status says enough.
            }
        } else if (text.startsWith("<")) {
            code = code != null ? code : group(XML_CODE, text);
            message = group(XML_MESSAGE, text);
        }
        if (code == null || code.isBlank()) {
            code = "HttpStatus" + response.status();
        }
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                        .errorMessage(message == null ? code : message)
                        .serviceName(service.name())
                        .sdkHttpResponse(response.http())
                        .build())
                .statusCode(response.status())
                .requestId(response.header("x-amzn-RequestId").or(() -> response.header("x-amz-request-id")).orElse(null))
                .build();
    }

    /** Full jitter, 100 ms doubling per attempt; 500 ms for throttling, half of it fixed (the SDK's standard mode). */
    private static long backoffMillis(int attempt, boolean throttled) {
        long ceiling = Math.min(20_000, (throttled ? 500L : 100L) << (attempt - 1));
        return throttled ? ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1)
                : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting to try again", e);
        }
    }

    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            String value = Json.text(json, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("answer is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
