package com.villamarket.payment3.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.testkit.TemplateRoles.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * AWS's permissions in front of the local APIs: a function's call outside its role fails as AWS fails it (the
 * SDK's own exception for DynamoDB; Lambda's, SNS's and SES's answers on the wire), a call inside it reaches the
 * API, a key that names no function is refused; the roles are template.yaml's as SAM expands them.
 */
class AwsFrontTest {

    private static LocalSuite suite;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of("orderId", AttributeValue.fromS(orderId));
    }

    @Test
    void aDynamoDbCallOutsideTheFunctionsRoleFailsWithAwssAccessDeniedException() {
        DynamoDbClient addCard = suite.dynamoDbAs("KBankAddCardFunction");

        DynamoDbException denied = assertThrows(DynamoDbException.class,
                () -> addCard.getItem(r -> r.tableName(suite.orderTable()).key(key("002500048744"))));

        assertEquals(400, denied.statusCode());
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        String table = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + suite.orderTable();
        assertEquals("User: arn:aws:sts::000000000000:assumed-role/payment3-java-" + suite.branch()
                + "-KBankAddCardFunctionRole/payment3-kbank-add-card-" + suite.branch()
                + " is not authorized to perform: dynamodb:GetItem on resource: " + table
                + " because no identity-based policy allows the dynamodb:GetItem action",
                denied.awsErrorDetails().errorMessage());
        assertTrue(suite.front().calls().contains(new AwsFront.Call("KBankAddCardFunction", "dynamodb:GetItem", table, false)));
    }

    @Test
    void aCallTheRoleGrantsReachesDynamoDbAndAWriteOnAReadOnlyTableDoesNot() {
        suite.dynamoDb().putItem(r -> r.tableName(suite.orderTable()).item(key("002500048745")));
        DynamoDbClient qrCallback = suite.dynamoDbAs("QRCallbackFunction");

        assertTrue(qrCallback.getItem(r -> r.tableName(suite.orderTable()).key(key("002500048745"))).hasItem());
        DynamoDbException denied = assertThrows(DynamoDbException.class,
                () -> qrCallback.deleteItem(r -> r.tableName(suite.orderTable()).key(key("002500048745"))));
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertTrue(suite.dynamoDb().getItem(r -> r.tableName(suite.orderTable()).key(key("002500048745"))).hasItem(),
                "the denied delete never reached DynamoDB");
    }

    @Test
    void anInvocationOutsideTheRoleIsAnswered403AccessDeniedAsLambdaAnswersIt() throws Exception {
        try (LambdaApiStub lambda = LambdaApiStub.start()) {
            suite.lambdaEnvironment(lambda);
            String function = "payment3-process-paid-order-internal-" + suite.branch();

            HttpResponse<String> denied = post("/2015-03-31/functions/" + function + "/invocations?Qualifier=live",
                    "KBankAddCardFunction", "lambda", Map.of("X-Amz-Invocation-Type", "Event"), "{}");
            HttpResponse<String> allowed = post("/2015-03-31/functions/" + function + "/invocations?Qualifier=live",
                    "QRCallbackFunction", "lambda", Map.of("X-Amz-Invocation-Type", "Event"), "{}");

            assertEquals(403, denied.statusCode());
            assertEquals("AccessDeniedException", denied.headers().firstValue("x-amzn-ErrorType").orElse(""));
            assertTrue(denied.body().contains("is not authorized to perform: lambda:InvokeFunction on resource: "
                    + "arn:aws:lambda:ap-southeast-1:000000000000:function:" + function + ":live"), denied.body());
            assertEquals(202, allowed.statusCode());
            assertEquals(List.of(function), lambda.invocations().stream().map(LambdaApiStub.Invocation::functionName).toList(),
                    "only the allowed invocation reached Lambda");
        }
    }

    @Test
    void aKeyThatNamesNoFunctionIsRefusedAsAwsRefusesAnUnknownKey() {
        DynamoDbClient stranger = MotoDynamoDb.client(suite.front().endpoint(), "ASIALOCALLAMBDAEXAMPL");

        DynamoDbException refused = assertThrows(DynamoDbException.class,
                () -> stranger.getItem(r -> r.tableName(suite.orderTable()).key(key("002500048744"))));

        assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
    }

    @Test
    void snsAndSesDenialsAreTheQueryProtocolsErrors() throws Exception {
        HttpResponse<String> sns = post("/", "KBankAddCardFunction", "sns", Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aap-southeast-1%3A000000000000%3At&Message=m");
        HttpResponse<String> ses = post("/", "KBankAddCardFunction", "ses", Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "Action=SendEmail&Source=payments%40villamarket.example");

        assertEquals(403, sns.statusCode());
        assertTrue(sns.body().contains("<Code>AuthorizationError</Code>"), sns.body());
        assertTrue(sns.body().contains("is not authorized to perform: SNS:Publish on resource: arn:aws:sns:ap-southeast-1:000000000000:t"),
                sns.body());
        assertEquals(403, ses.statusCode());
        assertTrue(ses.body().contains("<Code>AccessDenied</Code>"), ses.body());
        assertTrue(ses.body().contains("on resource `arn:aws:ses:ap-southeast-1:000000000000:identity/payments@villamarket.example'"),
                ses.body());
    }

    @Test
    void samsPolicyTemplatesExpandAsSamExpandsThem() {
        TemplateTables template = TemplateTables.parse("""
                Parameters:
                  Branch: {Type: String, Default: dev}
                Conditions:
                  IsMaster: !Equals [!Ref Branch, master]
                Resources:
                  A:
                    Type: AWS::Serverless::Function
                    Properties:
                      FunctionName: !Sub a-${Branch}
                      Policies:
                        - LambdaInvokePolicy:
                            FunctionName: !Sub b-${Branch}
                        - DynamoDBReadPolicy:
                            TableName: t
                        - !If
                          - IsMaster
                          - DynamoDBCrudPolicy:
                              TableName: t
                          - !Ref AWS::NoValue
                        - Statement:
                            - Effect: Allow
                              Action: [secretsmanager:GetSecretValue]
                              Resource: !Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:k-??????
                """);
        Role a = TemplateRoles.of(template, Map.of()).get("A");

        assertTrue(a.allows("lambda:InvokeFunction", "arn:aws:lambda:ap-southeast-1:000000000000:function:b-dev:live"));
        assertTrue(a.allows("lambda:InvokeFunction", "arn:aws:lambda:ap-southeast-1:000000000000:function:b-dev-x"),
                "SAM's invoke policy ends in '*': branch dev may invoke dev-x");
        assertTrue(a.allows("dynamodb:Query", "arn:aws:dynamodb:ap-southeast-1:000000000000:table/t/index/byOrder"));
        assertFalse(a.allows("dynamodb:PutItem", "arn:aws:dynamodb:ap-southeast-1:000000000000:table/t"), "IsMaster is false on dev");
        assertTrue(TemplateRoles.of(template, Map.of("Branch", "master")).get("A")
                .allows("dynamodb:PutItem", "arn:aws:dynamodb:ap-southeast-1:000000000000:table/t"));
        assertTrue(a.allows("secretsmanager:GetSecretValue", AwsFront.secretArn("k")));
        assertFalse(a.allows("secretsmanager:GetSecretValue", AwsFront.secretArn("k-other")), "'??????' is the six characters only");
    }

    private static HttpResponse<String> post(String path, String accessKeyId, String service, Map<String, String> headers,
            String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.front().endpoint() + path))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/20261203/ap-southeast-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
