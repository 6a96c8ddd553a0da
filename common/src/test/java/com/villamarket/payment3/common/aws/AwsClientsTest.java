package com.villamarket.payment3.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.Config;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ses.model.MessageRejectedException;

/**
 * The SDK clients as {@link AwsClients} builds them, against a loopback API that checks their signatures: built
 * once each, on first use; the endpoint the SDK's own settings name; requests sent whole and still signed right;
 * and the errors the callers see, in the SDK's standard retry mode (a throttling or server error tried again, at
 * most three attempts in all; a client error not).
 */
class AwsClientsTest {

    /** The production clients over a configuration with no AWS keys: signed with the local key the stub checks. */
    static AwsClients clients() {
        return new AwsClients(Config.from(Map.of("BRANCH", "dev", "AWS_REGION", AwsApiStub.REGION)));
    }

    private static void invoke(LambdaClient lambda) {
        lambda.invoke(r -> r.functionName("f").payload(SdkBytes.fromUtf8String("{\"a\":\"ü\"}")));
    }

    @Test
    void eachClientIsBuiltOnceOnFirstUse() {
        try (AwsApiStub stub = new AwsApiStub()) {
            AwsClients aws = clients();

            assertSame(aws.lambda(), aws.lambda());
            assertSame(aws.ses(), aws.ses());
            assertSame(aws.sns(), aws.sns());
            assertSame(aws.secretsManager(), aws.secretsManager());
            assertEquals(0, stub.received().size(), "building a client calls nothing");
        }
    }

    @Test
    void aCallGoesWhereTheSdksEndpointSettingSaysSignedForItsServiceAndRegionSentWhole() {
        try (AwsApiStub stub = new AwsApiStub()) {
            LambdaClient lambda = clients().lambda();

            for (int i = 0; i < 3; i++) {
                invoke(lambda);
            }

            assertEquals(3, stub.received().size());
            for (AwsApiStub.Received sent : stub.received()) {
                assertTrue(sent.signatureValid(), "the stub's own signature of the request matches");
                assertEquals("lambda", sent.service());
                assertEquals(AwsApiStub.REGION, sent.region());
                assertEquals("/2015-03-31/functions/f/invocations", sent.rawPath());
                assertEquals(Integer.toString("{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8).length), sent.header("Content-Length"));
                assertEquals("{\"a\":\"ü\"}", sent.body());
            }
        }
    }

    @Test
    void anErrorAnswerIsTheServicesOwnExceptionWithItsCodeAndIsNotTriedAgain() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/",
                    "x-amzn-RequestId", "req-1"), "{\"Type\":\"User\",\"message\":\"Function not found: f\"}");

            ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> invoke(clients().lambda()));

            assertEquals(404, e.statusCode());
            assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
            assertEquals("Function not found: f", e.awsErrorDetails().errorMessage());
            assertEquals("req-1", e.requestId());
            assertEquals(1, stub.received().size());
        }
    }

    @Test
    void theCodeOfAJsonOrXmlErrorBodyIsRead() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(400, Map.of("Content-Type", "application/x-amz-json-1.1"),
                            "{\"__type\":\"com.amazonaws.secretsmanager#ResourceNotFoundException\",\"Message\":\"no\"}")
                    .answer(400, Map.of("Content-Type", "text/xml"), "<ErrorResponse><Error><Type>Sender</Type><Code>MessageRejected</Code>"
                            + "<Message>Email address is not verified.</Message></Error></ErrorResponse>");
            AwsClients aws = clients();

            AwsServiceException json = assertThrows(AwsServiceException.class,
                    () -> aws.secretsManager().getSecretValue(r -> r.secretId("kbank-dev")));
            assertEquals("ResourceNotFoundException", json.awsErrorDetails().errorCode());
            MessageRejectedException xml = assertThrows(MessageRejectedException.class,
                    () -> aws.ses().sendEmail(r -> r.source("a@x.example").destination(d -> d.toAddresses("b@x.example"))
                            .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t"))))));
            assertEquals("MessageRejected", xml.awsErrorDetails().errorCode());
            assertEquals("Email address is not verified.", xml.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void aServerErrorOrThrottlingIsTriedAgainAtMostThreeTimesInAll() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(500, Map.of(), "{\"message\":\"boom\"}")
                    .answer(429, Map.of("x-amzn-ErrorType", "TooManyRequestsException"), "{\"message\":\"Rate exceeded\"}")
                    .answer(200, Map.of(), "{}");
            LambdaClient lambda = clients().lambda();

            invoke(lambda);
            assertEquals(3, stub.received().size());
            assertTrue(stub.received().stream().allMatch(AwsApiStub.Received::signatureValid), "each attempt signed anew");

            stub.answer(503, Map.of(), "").answer(503, Map.of(), "").answer(503, Map.of(), "").answer(200, Map.of(), "{}");
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> invoke(lambda));
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
        System.setProperty("aws.endpointUrlLambda", "http://127.0.0.1:" + closed);
        try {
            assertThrows(SdkClientException.class, () -> invoke(clients().lambda()));
        } finally {
            System.clearProperty("aws.endpointUrlLambda");
        }
    }
}
