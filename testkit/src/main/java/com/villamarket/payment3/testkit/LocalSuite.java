package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Local parts for one test class: the shared moto DynamoDB engine with this suite's own branch
 * (so tables never collide between test classes), every table of template.yaml plus the order
 * table, a KBank stub on loopback, and AWS's permissions in front of DynamoDB and Lambda
 * ({@link AwsFront}): a function's package started here ({@link #startFunction}) and a function's
 * in-process client ({@link #dynamoDbAs}) sign as the function and get only what its role grants.
 */
public final class LocalSuite implements AutoCloseable {

    /** The sender of the suite's e-mails (SES's identity its roles may send as). */
    public static final String EMAIL_FROM = "payments@villamarket.example";

    /** The secret key the stub accepts. */
    public static final String KBANK_SECRET_KEY = "skey_test_local";

    private static final AtomicInteger BRANCHES = new AtomicInteger();
    /** Epoch seconds of the KBank QR orders {@link #kbankQrOrder} records, one apart so that each reference differs. */
    private static final AtomicInteger KBANK_ORDER_SECONDS = new AtomicInteger(1748613417);

    private final MotoDynamoDb dynamoDb;
    private final KBankStub kbank;
    private final String branch;
    private final Map<String, String> parameters;
    private final AwsFront front;
    private final Map<String, DynamoDbClient> clients = new ConcurrentHashMap<>();

    private final String orderTable;
    private final boolean ownsKBank;

    private LocalSuite(Map<String, String> extraParameters) {
        this(extraParameters, "t" + BRANCHES.incrementAndGet() + "-" + ProcessHandle.current().pid(), null, null);
    }

    /**
     * @param orderTable the shop's order table; null for this suite's own
     * @param kbank      the KBank stub to share; null to start this suite's own
     */
    private LocalSuite(Map<String, String> extraParameters, String branch, String orderTable, KBankStub kbank) {
        this.dynamoDb = MotoDynamoDb.shared();
        this.branch = branch;
        this.orderTable = orderTable == null ? "order-table-" + branch : orderTable;
        Map<String, String> p = new HashMap<>(Map.of("Branch", branch, "OrderTableName", this.orderTable, "QrPartnerId", "POS001",
                "EmailFrom", EMAIL_FROM));
        p.putAll(extraParameters);
        this.parameters = Map.copyOf(p);
        TemplateTables template = TemplateTables.load();
        if (orderTable == null) {
            template.createAll(dynamoDb.client(), branch);
            TemplateTables.createOrderTable(dynamoDb.client(), this.orderTable);
        } else {
            // Another suite's stack beside this one: its tables may be there already (master's, once per moto).
            template.createTableRequests(branch).forEach(r -> createMasterTable(r.tableName()));
        }
        this.ownsKBank = kbank == null;
        this.kbank = kbank == null ? KBankStub.start(KBANK_SECRET_KEY) : kbank;
        this.front = AwsFront.start(TemplateRoles.of(template, parameters), branch).route(AwsFront.Api.DYNAMODB, dynamoDb.endpoint())
                .route(AwsFront.Api.SECRETS_MANAGER, dynamoDb.endpoint());
    }

    public static LocalSuite start() {
        return new LocalSuite(Map.of());
    }

    /**
     * A suite whose stack is deployed with these template parameters besides its branch, order table and
     * partner id (a Pay function, a topic): the roles checked are built with them.
     */
    public static LocalSuite start(Map<String, String> templateParameters) {
        return new LocalSuite(templateParameters);
    }

    /**
     * The master branch's stack beside {@code branch}'s, as when master runs this suite too: the same moto
     * DynamoDB with master's tables (each created once per moto, as {@link #createMasterTable}), the same
     * order table (every branch reads the shop's one) and KBank stub (one KBank), its own permissions front
     * with master's roles, built with these template parameters besides. Closing it leaves the KBank stub
     * to {@code branch}.
     */
    public static LocalSuite startMaster(LocalSuite branch, Map<String, String> templateParameters) {
        return new LocalSuite(templateParameters, "master", branch.orderTable(), branch.kbank());
    }

    /**
     * The template parameters that set these function variables (the Globals' {@code VARIABLE: !Ref Parameter}),
     * so that a test that configures its functions by their variables gets the roles a stack deployed so has.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, String> parametersOf(Map<String, String> variables) {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) TemplateTables.load().template()
                .getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of());
        Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) globals.getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of());
        Map<String, String> parameters = new HashMap<>();
        declared.forEach((name, value) -> {
            if (variables.containsKey(name) && value instanceof TemplateTables.Intrinsic ref && ref.name().equals("Ref")
                    && !String.valueOf(ref.value()).startsWith("AWS::") && !"Branch".equals(ref.value())) {
                parameters.put(String.valueOf(ref.value()), variables.get(name));
            }
        });
        return parameters;
    }

    /**
     * The logical id of the function template.yaml deploys from the module whose tests run in this JVM: the
     * module is the system property {@code payment3.module}, which the parent pom's surefire and failsafe set
     * to each module's artifact id; empty in a module that deploys no function (common, flow-tests, ops, …).
     */
    public static Optional<String> functionUnderTest() {
        String module = System.getProperty("payment3.module", "");
        return TemplateTables.load().functions("any").stream()
                .filter(f -> f.module().equals(module))
                .map(TemplateTables.FunctionDef::logicalId)
                .findFirst();
    }

    /** A function as the template deploys it on this suite (its variables: {@code FUNCTION_ALIAS}, …). */
    public FunctionConfiguration configuration(String logicalId) {
        return TemplateTables.load().configuration(logicalId, parameters);
    }

    /** AWS's permissions in front of this suite's DynamoDB and Lambda. */
    public AwsFront front() {
        return front;
    }

    /**
     * A DynamoDB client that signs as a function of template.yaml (its logical id) through the permissions
     * front: every call is checked against the function's role; one client per function.
     */
    public DynamoDbClient dynamoDbAs(String logicalId) {
        if (!front.roles().containsKey(logicalId)) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return clients.computeIfAbsent(logicalId, id -> MotoDynamoDb.client(front.endpoint(), id));
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
        return orderTable;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.client();
    }

    public KBankStub kbank() {
        return kbank;
    }

    /**
     * A KBank QR order made for a shop order, as it is before a customer scans its QR: KBank's order served by
     * the stub, and recorded in this suite's KBank order table as the Python stack's kbank-create-order leaves it
     * ({@link PythonEraRecords#kbankOrder}: the same key and fields as this suite's, outside the pending index, so
     * reconciliation follows the charge by its own record). Its {@code reference_order} is the order id and epoch
     * seconds, as both stacks build it.
     *
     * @return the {@code reference_order}
     */
    public String kbankQrOrder(String orderId, String amount) {
        String reference = orderId + KBANK_ORDER_SECONDS.incrementAndGet() + ".737979";
        String kbankOrderId = kbank.qrOrder(reference, amount, "Order " + orderId);
        new PythonEraRecords(dynamoDb.client()).kbankOrder("payment3-kbank-order-" + branch, reference, orderId,
                kbankOrderId, amount, "qr");
        return reference;
    }

    /**
     * A QR charge KBank made for a shop order: a KBank QR order recorded for it ({@link #kbankQrOrder}) and the
     * charge registered with that order's {@code reference_order}.
     *
     * @param state {@code transaction_state}, or null to leave it out
     */
    public ObjectNode qrCharge(String chargeId, String amount, String status, String state, String orderId) {
        return kbank.qrCharge(chargeId, amount, status, state, kbankQrOrder(orderId, amount));
    }

    /** A paid QR charge of a shop order ({@code success}, {@code Authorized}), as {@link #qrCharge}. */
    public ObjectNode paidQrCharge(String chargeId, String amount, String orderId) {
        return qrCharge(chargeId, amount, "success", "Authorized", orderId);
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
        env.put("EMAIL_FROM", EMAIL_FROM);
        env.put("ERROR_EMAIL_TO", "oncall@villamarket.example");
        env.put("NOTIFICATION_EMAIL_TO", "orders@villamarket.example");
        env.put("KBANK_READ_TIMEOUT_MS", "3000");
        env.put("QR_PARTNER_ID", "POS001");
        return env;
    }

    /**
     * The template parameters that deploy a stack onto this suite: its branch and order table, the partner
     * id of the sample QR notifications and the e-mail sender of {@link #env} (so that the roles may send as
     * it; a packaged function still runs with e-mail off, {@link #lambdaEnvironment}), and any given at start.
     */
    public Map<String, String> templateParameters() {
        return parameters;
    }

    /**
     * What a function run as on Lambda needs here beyond the template: the local DynamoDB and Lambda Invoke
     * endpoints (both behind the permissions front, which sends Lambda's calls on to {@code lambda}), and
     * KBank's URL and key as the variables that take precedence over Secrets Manager.
     */
    public Map<String, String> lambdaEnvironment(LambdaApiStub lambda) {
        front.route(AwsFront.Api.LAMBDA, lambda.endpoint());
        Map<String, String> env = new HashMap<>();
        env.put("DYNAMODB_ENDPOINT", front.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_LAMBDA", front.endpoint().toString());
        env.put("KBANK_SECRET_KEY", KBANK_SECRET_KEY);
        env.put("BASE_URL", kbank.baseUrl().toString());
        env.put("MID", "401001234567001");
        env.put("KBANK_READ_TIMEOUT_MS", "3000");
        // SES has no local engine behind the front here: a packaged function runs with e-mail off.
        env.put("EMAIL_FROM", "");
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
        clients.values().forEach(DynamoDbClient::close);
        front.close();
        if (ownsKBank) {
            kbank.close();
        }
    }
}
