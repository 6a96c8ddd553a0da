package com.villamarket.payment3.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.KBankStub;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.MotoDynamoDb;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.SampleQrOrders;
import com.villamarket.payment3.testkit.TemplateTables;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local parts the functions run against during the benchmark, in this JVM: moto's DynamoDB with the
 * template's tables for our branch and the reference's, the order table seeded with the sample orders, the
 * KBank sandbox and the Lambda Invoke stub, each behind a {@link TimedProxy} that logs its I/O.
 */
final class BenchStack implements AutoCloseable {

    /** Our functions' branch. */
    static final String BRANCH = "bench";
    /** The reference's branch: the same tables, its own copies, so neither sees the other's records. */
    static final String REFERENCE_BRANCH = "benchref";
    static final String ORDER_TABLE = "order-table-bench";
    static final String KBANK_KEY = "skey_test_local";

    private final MotoDynamoDb dynamoDb;
    private final KBankStub kbank;
    private final LambdaApiStub lambda;
    private final IoLog io = new IoLog();
    private final TimedProxy dynamoDbProxy;
    private final TimedProxy kbankProxy;
    private final TimedProxy lambdaProxy;
    private final TemplateTables template = TemplateTables.load();

    private BenchStack() {
        dynamoDb = MotoDynamoDb.start(0);
        for (String branch : List.of(BRANCH, REFERENCE_BRANCH)) {
            template.createAll(dynamoDb.client(), branch);
        }
        // The card callback's fallback to master's card payment records.
        template.createTableRequests("master").stream()
                .filter(r -> r.tableName().equals("payment3-card-payment-record-master"))
                .forEach(dynamoDb.client()::createTable);
        TemplateTables.createOrderTable(dynamoDb.client(), ORDER_TABLE);
        seedOrders();
        SampleQrOrders.recordAt(dynamoDb.client(), BRANCH);
        kbank = KBankStub.start(KBANK_KEY);
        lambda = LambdaApiStub.start();
        dynamoDbProxy = TimedProxy.start(dynamoDb.endpoint(), io, "DynamoDB");
        kbankProxy = TimedProxy.start(kbank.baseUrl(), io, "KBank");
        lambdaProxy = TimedProxy.start(lambda.endpoint(), io, "Lambda");
    }

    static BenchStack start() {
        return new BenchStack();
    }

    /** A function of template.yaml as a stack of our branch deploys it. */
    FunctionConfiguration function(String logicalId) {
        return template.configuration(logicalId, parameters(BRANCH));
    }

    /** The QR callback's configuration for the reference's branch, to run another package with. */
    FunctionConfiguration qrCallbackOfReferenceBranch() {
        return template.configuration("QRCallbackFunction", parameters(REFERENCE_BRANCH));
    }

    /**
     * What the functions need beyond the template: the proxies' endpoints (ours read DYNAMODB_ENDPOINT, the
     * SDK's defaults read AWS_ENDPOINT_URL_DYNAMODB), and KBank's URL and key in place of Secrets Manager.
     */
    Map<String, String> environment() {
        return Map.of("DYNAMODB_ENDPOINT", dynamoDbProxy.endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDbProxy.endpoint().toString(),
                "AWS_ENDPOINT_URL_LAMBDA", lambdaProxy.endpoint().toString(),
                "BASE_URL", kbankProxy.endpoint().toString(),
                "KBANK_SECRET_KEY", KBANK_KEY,
                "MID", "401001234567001");
    }

    /** Removes a QR charge's payment record, so that the next callback for it takes the happy path again. */
    void forgetQrPayment(String branch, String chargeId) {
        dynamoDb.client().deleteItem(r -> r.tableName("payment3-qr-payment-record-" + branch)
                .key(Map.of("tokenId", AttributeValue.fromS(chargeId))));
    }

    KBankStub kbank() {
        return kbank;
    }

    IoLog io() {
        return io;
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {dynamoDbProxy, kbankProxy, lambdaProxy, lambda, kbank, dynamoDb}) {
            try {
                part.close();
            } catch (Exception e) {
                // Stopping: nothing more to do.
            }
        }
    }

    private static Map<String, String> parameters(String branch) {
        return Map.of("Branch", branch, "OrderTableName", ORDER_TABLE, "QrPartnerId", "POS001");
    }

    private void seedOrders() {
        OrderRepository orders = new OrderRepository(dynamoDb.client(), ORDER_TABLE);
        for (JsonNode order : Json.parse(RepoFiles.read("local/sample-orders.json"))) {
            orders.put(OrderId.parse(order.path("orderId").asText()), (ObjectNode) order.get("data"),
                    "map".equals(order.path("form").asText()) ? DataForm.MAP : DataForm.JSON_STRING);
        }
    }
}
