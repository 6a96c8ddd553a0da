package com.villamarket.payment3.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.invoke.AsyncInvoker.InvocationException;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.invoke.LambdaFunctionCaller;
import com.villamarket.payment3.common.invoke.LambdaInvokeApi;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.mail.SesSendEmail;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.secrets.SecretsManagerApi;
import com.villamarket.payment3.testkit.LambdaApiStub;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The suite's four calls to services other than DynamoDB (Lambda Invoke, SES SendEmail, SNS Publish, Secrets
 * Manager GetSecretValue), each through its caller and the SDK client {@link AwsClients} builds, against a
 * loopback API that checks its signature: the request on the wire as the service documents it, and the errors
 * as the callers see them.
 */
class SignedServiceCallsTest {

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Test
    void anEventInvocationNamesTheFunctionTheAliasAndThePayload() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(202, Map.of(), "");

            new LambdaAsyncInvoker(new LambdaInvokeApi(AwsClientsTest.clients().lambda()), Optional.of("live"))
                    .invoke("payment3-processpaidorderinternal-dev", Map.of("orderId", "002500048744"));

            AwsApiStub.Received sent = stub.last();
            assertTrue(sent.signatureValid());
            assertEquals("lambda", sent.service());
            assertEquals("POST", sent.method());
            assertEquals("/2015-03-31/functions/payment3-processpaidorderinternal-dev/invocations", sent.rawPath());
            assertEquals("Qualifier=live", sent.rawQuery());
            assertEquals("Event", sent.header("X-Amz-Invocation-Type"));
            assertEquals("{\"orderId\":\"002500048744\"}", sent.body());
        }
    }

    @Test
    void anotherFunctionIsInvokedAtTheQualifierGivenNeverAtTheSuitesAlias() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(202, Map.of(), "").answer(202, Map.of(), "");
            LambdaAsyncInvoker invoker = new LambdaAsyncInvoker(new LambdaInvokeApi(AwsClientsTest.clients().lambda()),
                    Optional.of("live"));

            invoker.invokeOther("shop-pay", Optional.of("prod"), Map.of("orderId", "002500048744"));
            invoker.invokeOther("shop-pay", Optional.empty(), Map.of("orderId", "002500048744"));

            assertEquals("/2015-03-31/functions/shop-pay/invocations", stub.received().get(0).rawPath());
            assertEquals("Qualifier=prod", stub.received().get(0).rawQuery());
            assertEquals("Event", stub.received().get(0).header("X-Amz-Invocation-Type"));
            assertTrue(stub.received().get(0).signatureValid());
            assertEquals(null, stub.received().get(1).rawQuery(), "unqualified: the function's $LATEST, not 'live'");
        }
    }

    @Test
    void anInvocationLambdaRefusesOrDoesNotAcceptIsAnInvocationException() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"), "{\"message\":\"Function not found\"}")
                    .answer(200, Map.of(), "{}");
            LambdaAsyncInvoker invoker = new LambdaAsyncInvoker(new LambdaInvokeApi(AwsClientsTest.clients().lambda()));

            InvocationException refused = assertThrows(InvocationException.class, () -> invoker.invoke("f", Map.of()));
            assertTrue(refused.getMessage().startsWith("invoking f failed: Function not found"), refused.getMessage());
            InvocationException notQueued = assertThrows(InvocationException.class, () -> invoker.invoke("f", Map.of()));
            assertEquals("invoking f was answered 200", notQueued.getMessage());
            assertEquals(null, stub.received().get(0).rawQuery(), "no alias, no qualifier: $LATEST");
        }
    }

    @Test
    void aFunctionArnIsEncodedInThePathAndStillSignedRight() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(202, Map.of(), "");

            new LambdaAsyncInvoker(new LambdaInvokeApi(AwsClientsTest.clients().lambda()))
                    .invoke("arn:aws:lambda:ap-southeast-1:123456789012:function:shop-pay", Map.of());

            assertEquals("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aap-southeast-1%3A123456789012%3Afunction%3Ashop-pay/invocations",
                    stub.last().rawPath());
            assertTrue(stub.last().signatureValid());
        }
    }

    @Test
    void aSynchronousCallGivesBackTheAnswerAndWhetherTheFunctionFailed() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(200, Map.of(), "{\"statusCode\":200}")
                    .answer(200, Map.of("X-Amz-Function-Error", "Unhandled"), "{\"errorMessage\":\"boom\"}");
            LambdaFunctionCaller caller = new LambdaFunctionCaller(new LambdaInvokeApi(AwsClientsTest.clients().lambda()),
                    Optional.of("live"));

            assertEquals(new FunctionCaller.Result(false, "{\"statusCode\":200}"), caller.call("payment3-qrcallback-dev", "{}"));
            assertEquals(new FunctionCaller.Result(true, "{\"errorMessage\":\"boom\"}"), caller.call("payment3-qrcallback-dev", "{}"));
            assertEquals("RequestResponse", stub.last().header("X-Amz-Invocation-Type"));
        }
    }

    @Test
    void theInvokerSpeaksToTheLambdaStubThePackagedTestsUse() {
        try (LambdaApiStub lambda = LambdaApiStub.start()) {
            lambda.answer("g", "{\"answered\":true}");
            System.setProperty("aws.endpointUrlLambda", lambda.endpoint().toString());
            LambdaInvokeApi api;
            try {
                api = new LambdaInvokeApi(AwsClientsTest.clients().lambda());
            } finally {
                System.clearProperty("aws.endpointUrlLambda");
            }

            new LambdaAsyncInvoker(api, Optional.of("live")).invoke("f", Map.of("n", 1));
            FunctionCaller.Result answer = new LambdaFunctionCaller(api, Optional.empty()).call("g", "{}");

            assertEquals(List.of(new LambdaApiStub.Invocation("f", "Event", "{\"n\":1}"),
                    new LambdaApiStub.Invocation("g", "RequestResponse", "{}")), lambda.invocations());
            assertEquals(new FunctionCaller.Result(false, "{\"answered\":true}"), answer);
        }
    }

    @Test
    void anEmailIsSesSendEmailWithEveryRecipientAndUtf8() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(200, Map.of("Content-Type", "text/xml"), "<SendEmailResponse><SendEmailResult><MessageId>m-1</MessageId></SendEmailResult></SendEmailResponse>");

            new SesSendEmail(AwsClientsTest.clients().ses()).sendEmail("shop@x.example",
                    List.of("a@x.example", "b@x.example"), "Order 002500048744 paid à 6.00 ฿", "line 1\nline & 2 = ok");

            AwsApiStub.Received sent = stub.last();
            assertTrue(sent.signatureValid());
            assertEquals("ses", sent.service());
            assertEquals("/", sent.rawPath());
            assertTrue(sent.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
            assertEquals(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", "shop@x.example",
                    "Destination.ToAddresses.member.1", "a@x.example", "Destination.ToAddresses.member.2", "b@x.example",
                    "Message.Subject.Data", "Order 002500048744 paid à 6.00 ฿", "Message.Subject.Charset", "UTF-8",
                    "Message.Body.Text.Data", "line 1\nline & 2 = ok", "Message.Body.Text.Charset", "UTF-8"), form(sent.body()));
        }
    }

    @Test
    void aMessageIsSnsPublishToTheTopic() {
        try (AwsApiStub stub = new AwsApiStub()) {
            String topic = "arn:aws:sns:ap-southeast-1:123456789012:orders";
            stub.answer(200, Map.of("Content-Type", "text/xml"), "<PublishResponse><PublishResult><MessageId>m-1</MessageId>"
                    + "</PublishResult></PublishResponse>");

            Notifiers.publish(AwsClientsTest.clients().sns(), topic, "{\"orderId\":\"002500048744\",\"status\":\"paid\"}");

            assertTrue(stub.last().signatureValid());
            assertEquals("sns", stub.last().service());
            assertEquals(Map.of("Action", "Publish", "Version", "2010-03-31", "TopicArn", topic,
                    "Message", "{\"orderId\":\"002500048744\",\"status\":\"paid\"}"), form(stub.last().body()));
        }
    }

    @Test
    void kbanksSecretIsSecretsManagerGetSecretValue() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(200, Map.of(), Json.write(Json.object().put("Name", "kbank-prod").put("SecretString",
                    "{\"b2c\":\"pkey_test_abc:skey_test_SECRET123\",\"url\":\"https://kbank.example/\",\"mid\":\"m1\"}")));

            KBankCredentials credentials = KBankSecrets.load(Config.from(Map.of("BRANCH", "master")),
                    () -> new SecretsManagerApi(AwsClientsTest.clients().secretsManager()));

            assertEquals("skey_test_SECRET123", credentials.secretKey());
            AwsApiStub.Received sent = stub.last();
            assertTrue(sent.signatureValid());
            assertEquals("secretsmanager", sent.service());
            assertEquals("secretsmanager.GetSecretValue", sent.header("X-Amz-Target"));
            assertEquals("application/x-amz-json-1.1", sent.header("Content-Type"));
            assertEquals("{\"SecretId\":\"kbank-prod\"}", sent.body());
        }
    }

    @Test
    void aMissingSecretFailsNamingAwsErrorCodeAndABinaryOneHasNoText() {
        try (AwsApiStub stub = new AwsApiStub()) {
            stub.answer(400, Map.of(), "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find it\"}")
                    .answer(200, Map.of(), "{\"Name\":\"kbank-dev\",\"SecretBinary\":\"AAEC\"}");
            Config config = Config.from(Map.of("BRANCH", "dev"));

            ConfigException missing = assertThrows(ConfigException.class,
                    () -> KBankSecrets.load(config, () -> new SecretsManagerApi(AwsClientsTest.clients().secretsManager())));
            assertEquals("cannot read secret kbank-dev: ResourceNotFoundException", missing.getMessage());
            ConfigException binary = assertThrows(ConfigException.class,
                    () -> KBankSecrets.load(config, () -> new SecretsManagerApi(AwsClientsTest.clients().secretsManager())));
            assertEquals("secret kbank-dev has no text value", binary.getMessage());
            assertFalse(binary.getMessage().contains("AAEC"));
        }
    }
}
