package com.villamarket.payment3.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Local parts for one test class: the shared moto DynamoDB engine with this suite's own branch
 * (so tables never collide between test classes), every table of template.yaml plus the order
 * table, and a KBank stub on loopback.
 */
public final class LocalSuite implements AutoCloseable {

    /** The secret key the stub accepts. */
    public static final String KBANK_SECRET_KEY = "skey_test_local";

    private static final AtomicInteger BRANCHES = new AtomicInteger();

    private final MotoDynamoDb dynamoDb;
    private final KBankStub kbank;
    private final String branch;

    private LocalSuite() {
        this.dynamoDb = MotoDynamoDb.shared();
        this.branch = "t" + BRANCHES.incrementAndGet() + "-" + ProcessHandle.current().pid();
        TemplateTables.load().createAll(dynamoDb.client(), branch);
        TemplateTables.createOrderTable(dynamoDb.client(), orderTable());
        this.kbank = KBankStub.start(KBANK_SECRET_KEY);
    }

    public static LocalSuite start() {
        return new LocalSuite();
    }

    public String branch() {
        return branch;
    }

    /**
     * Creates the master branch's copy of a template table (the card callback's fallback), once per
     * moto's DynamoDB whatever the number of suites.
     */
    public synchronized void createMasterTable(String tableName) {
        if (dynamoDb.client().listTables().tableNames().contains(tableName)) {
            return;
        }
        TemplateTables.load().createTableRequests("master").stream()
                .filter(r -> r.tableName().equals(tableName))
                .findFirst()
                .ifPresentOrElse(dynamoDb.client()::createTable,
                        () -> { throw new IllegalArgumentException("template.yaml has no table " + tableName); });
    }

    public String orderTable() {
        return "order-table-" + branch;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.client();
    }

    public KBankStub kbank() {
        return kbank;
    }

    /** The environment a function gets here; add or replace entries to vary it. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BRANCH", branch);
        env.put("AWS_REGION", "ap-southeast-1");
        env.put("ORDER_TABLE_NAME", orderTable());
        env.put("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
        env.put("KBANK_SECRET_KEY", KBANK_SECRET_KEY);
        env.put("BASE_URL", kbank.baseUrl().toString());
        env.put("MID", "401001234567001");
        env.put("EMAIL_FROM", "payments@villamarket.example");
        env.put("ERROR_EMAIL_TO", "oncall@villamarket.example");
        env.put("NOTIFICATION_EMAIL_TO", "orders@villamarket.example");
        env.put("KBANK_READ_TIMEOUT_MS", "1000");
        env.put("QR_PARTNER_ID", "POS001");
        return env;
    }

    /**
     * The template parameters that deploy a stack onto this suite: its branch and order table, and the
     * partner id of the sample QR notifications. The others keep their defaults (e-mail off: SES has no
     * local engine).
     */
    public Map<String, String> templateParameters() {
        return Map.of("Branch", branch, "OrderTableName", orderTable(), "QrPartnerId", "POS001");
    }

    /**
     * What a function run as on Lambda needs here beyond the template: the local DynamoDB and Lambda Invoke
     * endpoints, and KBank's URL and key as the variables that take precedence over Secrets Manager.
     */
    public Map<String, String> lambdaEnvironment(LambdaApiStub lambda) {
        Map<String, String> env = new HashMap<>();
        env.put("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        env.put("KBANK_SECRET_KEY", KBANK_SECRET_KEY);
        env.put("BASE_URL", kbank.baseUrl().toString());
        env.put("MID", "401001234567001");
        env.put("KBANK_READ_TIMEOUT_MS", "1000");
        return env;
    }

    /**
     * A function of template.yaml (logical id, module or name), its deployable jar started as Lambda's java
     * runtime starts it, configured as the template deploys it onto this suite.
     */
    public LambdaFunctionProcess startFunction(String function, LambdaApiStub lambda) {
        return LambdaFunctionProcess.start(TemplateTables.load().configuration(function, templateParameters()),
                lambdaEnvironment(lambda));
    }

    @Override
    public void close() {
        kbank.close();
    }
}
