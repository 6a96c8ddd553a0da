package com.villamarket.payment3.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class AwsApiTest {

    static AwsApi api(URI endpoint) {
        return new AwsApi(UrlConnectionHttpClient.create(), StaticCredentialsProvider.create(AwsApiStub.CREDENTIALS),
                AwsApiStub.REGION, service -> endpoint, Duration.ofSeconds(15));
    }

    private static AwsApi.Response post(AwsApi api, String path, Map<String, String> query) {
        return api.call(AwsService.LAMBDA, SdkHttpMethod.POST, path, query, Map.of("Content-Type", "application/json"),
                "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCallIsSignedForItsServiceAndRegionOverExactlyWhatIsSent() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(200, Map.of("X-Answer", "yes"), "{\"ok\":true}");

            AwsApi.Response response = post(api(stub.endpoint()), "/2015-03-31/functions/f%3Ax/invocations",
                    Map.of("Qualifier", "live alias"));

            assertEquals(200, response.status());
            assertEquals("{\"ok\":true}", response.text());
            assertEquals("yes", response.header("x-answer").orElseThrow());
            AwsApiStub.Received sent = stub.last();
            assertTrue(sent.signatureValid(), "the stub's own signature of the request matches");
            assertEquals("lambda", sent.service());
            assertEquals(AwsApiStub.REGION, sent.region());
            assertEquals("/2015-03-31/functions/f%3Ax/invocations", sent.rawPath());
            assertEquals("Qualifier=live%20alias", sent.rawQuery());
            assertEquals("{\"a\":\"ü\"}", sent.body());
        }
    }

    @Test
    void aRequestSentWholeStillCarriesItsLengthAndItsSignatureHolds() {
        try (AwsApiStub stub = new AwsApiStub()) {
            AwsApi api = new AwsApi(new WholeRequestHttpClient(UrlConnectionHttpClient.create()),
                    StaticCredentialsProvider.create(AwsApiStub.CREDENTIALS), AwsApiStub.REGION, service -> stub.endpoint(),
                    Duration.ofSeconds(15));

            for (int i = 0; i < 3; i++) {
                post(api, "/2015-03-31/functions/f/invocations", Map.of());
            }

            assertEquals(3, stub.received().size());
            for (AwsApiStub.Received sent : stub.received()) {
                assertTrue(sent.signatureValid());
                assertEquals(Integer.toString("{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8).length), sent.header("Content-Length"));
                assertEquals("{\"a\":\"ü\"}", sent.body());
            }
        }
    }

    @Test
    void temporaryCredentialsSendTheirSessionToken() {
        try (AwsApiStub stub = new AwsApiStub()) {
            AwsApi api = new AwsApi(UrlConnectionHttpClient.create(), StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(AwsApiStub.CREDENTIALS.accessKeyId(), AwsApiStub.CREDENTIALS.secretAccessKey(),
                            "the-session")), AwsApiStub.REGION, service -> stub.endpoint(), Duration.ofSeconds(15));

            post(api, "/", Map.of());

            assertEquals("the-session", stub.last().header("X-Amz-Security-Token"));
            assertTrue(stub.last().signatureValid());
        }
    }

    @Test
    void anEndpointWithAPathKeepsIt() {
        try (AwsApiStub stub = new AwsApiStub()) {
            post(api(URI.create(stub.endpoint() + "/prefix/")), "/2015-03-31/functions/f/invocations", Map.of());

            assertEquals("/prefix/2015-03-31/functions/f/invocations", stub.last().rawPath());
            assertTrue(stub.last().signatureValid());
        }
    }

    @Test
    void anErrorAnswerIsTheSdksServiceExceptionWithTheServicesCodeAndIsNotTriedAgain() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/",
                    "x-amzn-RequestId", "req-1"), "{\"Type\":\"User\",\"message\":\"Function not found: f\"}");

            AwsServiceException e = assertThrows(AwsServiceException.class, () -> post(api(stub.endpoint()), "/", Map.of()));

            assertEquals(404, e.statusCode());
            assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
            assertEquals("Function not found: f", e.awsErrorDetails().errorMessage());
            assertEquals("req-1", e.requestId());
            assertTrue(e.getMessage().contains("Function not found: f"), e.getMessage());
            assertEquals(1, stub.received().size());
        }
    }

    @Test
    void theCodeOfAJsonOrXmlErrorBodyIsRead() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(400, Map.of(), "{\"__type\":\"com.amazonaws.secretsmanager#ResourceNotFoundException\",\"Message\":\"no\"}")
                    .answer(400, Map.of(), "<ErrorResponse><Error><Type>Sender</Type><Code>MessageRejected</Code>"
                            + "<Message>Email address is not verified.</Message></Error></ErrorResponse>")
                    .answer(403, Map.of(), "");
            AwsApi api = api(stub.endpoint());

            assertEquals("ResourceNotFoundException",
                    assertThrows(AwsServiceException.class, () -> post(api, "/", Map.of())).awsErrorDetails().errorCode());
            AwsServiceException xml = assertThrows(AwsServiceException.class, () -> post(api, "/", Map.of()));
            assertEquals("MessageRejected", xml.awsErrorDetails().errorCode());
            assertEquals("Email address is not verified.", xml.awsErrorDetails().errorMessage());
            assertEquals("HttpStatus403", assertThrows(AwsServiceException.class, () -> post(api, "/", Map.of()))
                    .awsErrorDetails().errorCode());
        }
    }

    @Test
    void aServerErrorOrThrottlingIsTriedAgainAtMostThreeTimesInAll() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(500, Map.of(), "{\"message\":\"boom\"}")
                    .answer(400, Map.of(), "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>")
                    .answer(200, Map.of(), "{}");

            assertEquals(200, post(api(stub.endpoint()), "/", Map.of()).status());
            assertEquals(3, stub.received().size());
            assertTrue(stub.received().stream().allMatch(AwsApiStub.Received::signatureValid));

            stub.answer(503, Map.of(), "").answer(503, Map.of(), "").answer(503, Map.of(), "").answer(200, Map.of(), "{}");
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> post(api(stub.endpoint()), "/", Map.of()));
            assertEquals(503, e.statusCode());
            assertEquals(6, stub.received().size());
        }
    }

    @Test
    void aServiceThatCannotBeReachedIsTheSdksClientException() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SdkClientException e = assertThrows(SdkClientException.class,
                () -> post(api(URI.create("http://127.0.0.1:" + closed)), "/", Map.of()));
        assertTrue(e.getMessage().startsWith("cannot reach Lambda"), e.getMessage());
    }

    @Test
    void endpointsAreFoundAsTheSdkFindsThem() {
        Map<String, String> none = Map.of();
        assertEquals(URI.create("https://lambda.ap-southeast-1.amazonaws.com"),
                AwsEndpoints.resolve(AwsService.LAMBDA, "ap-southeast-1", none::get, none::get));
        assertEquals(URI.create("https://email.ap-southeast-1.amazonaws.com"),
                AwsEndpoints.resolve(AwsService.SES, "ap-southeast-1", none::get, none::get));
        assertEquals(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"),
                AwsEndpoints.resolve(AwsService.SECRETS_MANAGER, "cn-north-1", none::get, none::get));

        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://global:1", "AWS_ENDPOINT_URL_SNS", "http://sns:2");
        assertEquals(URI.create("http://sns:2"), AwsEndpoints.resolve(AwsService.SNS, "ap-southeast-1", env::get, none::get));
        assertEquals(URI.create("http://global:1"), AwsEndpoints.resolve(AwsService.LAMBDA, "ap-southeast-1", env::get, none::get));
        Map<String, String> properties = Map.of("aws.endpointUrl", "http://property:3");
        assertEquals(URI.create("http://property:3"),
                AwsEndpoints.resolve(AwsService.SNS, "ap-southeast-1", env::get, properties::get), "a system property comes first");
        Map<String, String> serviceProperty = Map.of("aws.endpointUrl", "http://property:3", "aws.endpointUrlSns", "http://sns:4");
        assertEquals(URI.create("http://sns:4"),
                AwsEndpoints.resolve(AwsService.SNS, "ap-southeast-1", env::get, serviceProperty::get));
        Map<String, String> bad = Map.of("AWS_ENDPOINT_URL_LAMBDA", "not a url");
        assertThrows(IllegalArgumentException.class, () -> AwsEndpoints.resolve(AwsService.LAMBDA, "ap-southeast-1", bad::get, none::get));
    }
}
