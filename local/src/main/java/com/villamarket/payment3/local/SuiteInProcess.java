package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.testkit.AwsFront;
import com.villamarket.payment3.testkit.MotoDynamoDb;
import com.villamarket.payment3.testkit.TemplateRoles;
import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.TemplateTables;
import com.villamarket.payment3.testkit.TemplateTables.FunctionDef;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The whole suite in this process: moto's DynamoDB with the template's tables, a KBank sandbox, every
 * function of template.yaml configured as the template deploys it (its environment, parameters resolved
 * for a local stack) and built as on Lambda, their API on a loopback port, asynchronous invocations with
 * Lambda's retries and failure destination, the AWS APIs a function run under Lambda's runtime client
 * calls, and an e-mail outbox folder. With the sample world the events under {@code events/} find what
 * they name.
 */
public final class SuiteInProcess implements AutoCloseable {

    /** The sandbox's secret key; KBANK_SECRET_KEY with KBANK_BASE_URL replaces the sandbox. */
    public static final String SANDBOX_SECRET_KEY = "skey_test_local";
    /** The KBank partner and merchant ids the sample QR notifications carry (events/qr-notify). */
    static final String SAMPLE_PARTNER_ID = "POS001";
    static final String SAMPLE_MERCHANT_ID = "401001234567001";
    /** Variables the template leaves to their defaults that a local run may still set in its environment. */
    private static final List<String> UNTEMPLATED_SETTINGS = List.of("KBANK_CONNECT_TIMEOUT_MS", "KBANK_READ_TIMEOUT_MS");

    /**
     * How to start.
     *
     * @param dynamoDbEndpoint an existing DynamoDB to use instead of starting moto's DynamoDB; null for none
     * @param outboxRoot       the folder under which this run's outbox folder is made
     * @param seeds            order files loaded after the sample world
     * @param samples          whether to prepare the sample world ({@link SampleWorld})
     * @param env              the process environment: {@code KBANK_BASE_URL} and {@code KBANK_SECRET_KEY} replace
     *                         the sandbox; any variable the template sets replaces the local stack's value
     * @param retryDelay       wait before the first retry of a failed asynchronous invocation
     * @param withApi          false for a one-off invoke, which needs no API port
     */
    public record Options(String branch, int apiPort, int dynamoDbPort, int kbankPort, URI dynamoDbEndpoint,
            Path outboxRoot, List<Path> seeds, boolean samples, Duration retryDelay, Map<String, String> env,
            boolean withApi) {
    }

    /** Ports that could not be bound, each with the option that moves it. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(List<String> clashes) {
            super((clashes.size() == 1 ? "a port is in use: " : clashes.size() + " ports are in use: ")
                    + String.join("; ", clashes) + ".");
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Options options;
    private final LocalClock clock = new LocalClock();
    private URI dynamoDbEndpoint;
    private DynamoDbClient dynamoDb;
    private KBankSandbox sandbox;
    private URI kbankUrl;
    private Outbox outbox;
    private LocalLambda lambda;
    private LocalAwsApi aws;
    private ApiServer api;
    private Map<String, String> parameters;
    private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
    private final Map<String, FunctionConfiguration> configurations = new HashMap<>();
    private final Map<String, DynamoDbClient> functionClients = new HashMap<>();
    private final Map<String, RequestStreamHandler> handlers = new HashMap<>();
    private final Map<String, Components> componentsByFunction = new LinkedHashMap<>();
    private Components admin;
    private AwsFront front;

    private SuiteInProcess(Options options) {
        this.options = options;
    }

    /** Starts everything; on any failure what was started is stopped again. */
    public static SuiteInProcess start(Options options) {
        SuiteInProcess stack = new SuiteInProcess(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        checkPorts();
        if (options.withApi()) {
            try {
                api = new ApiServer(options.apiPort(), options.branch());
            } catch (BindException e) {
                throw new PortInUseException(List.of(clash("the API", options.apiPort(), "--api-port")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            closeables.add(api);
        }
        startDynamoDb();
        startKBank();
        outbox = Outbox.forRun(options.outboxRoot(), clock);
        lambda = new LocalLambda(options.retryDelay(), clock);
        closeables.add(lambda);
        aws = LocalAwsApi.start(lambda, this::callFunction, outbox);
        closeables.add(aws);

        parameters = parameters();
        TemplateTables template = TemplateTables.load();
        // AWS's permissions: every function's DynamoDB, Lambda, SES and SNS calls checked against its role.
        front = AwsFront.start(TemplateRoles.of(template, parameters), options.branch())
                .route(AwsFront.Api.DYNAMODB, dynamoDbEndpoint)
                .route(AwsFront.Api.LAMBDA, aws.endpoint())
                .route(AwsFront.Api.SES, aws.endpoint())
                .route(AwsFront.Api.SNS, aws.endpoint());
        closeables.add(front);
        for (var request : template.createTableRequests(options.branch())) {
            createTable(() -> dynamoDb.createTable(request));
        }
        for (FunctionDef function : template.functions(options.branch())) {
            FunctionConfiguration deployed = template.configuration(function.logicalId(), parameters);
            FunctionConfiguration configuration = deployed.withEnvironment(overrides(deployed.environment()));
            Components components = new Components(parts(function.logicalId(), configuration.environment(), clock));
            componentsByFunction.put(function.logicalId(), components);
            if (admin == null) {
                admin = new Components(parts(MotoDynamoDb.ADMIN_ACCESS_KEY, configuration.environment(), clock));
            }
            createTable(() -> TemplateTables.createOrderTable(dynamoDb, components.platform().config().orderTable()));
            // Built exactly as on Lambda: the handler's constructor over this function's parts.
            RequestStreamHandler handler = components.handler(function.handlerClass());
            functions.put(function.logicalId(), function);
            configurations.put(function.logicalId(), configuration);
            handlers.put(function.logicalId(), handler);
            lambda.register(function.functionName(), handler);
            if (api != null) {
                function.routes().forEach(route -> api.route(route, new ApiServer.Handler(function.functionName(), handler)));
            }
        }
        if (api != null) {
            LocalEndpoints.register(api, this);
            if (sandbox != null) {
                sandbox.cardCallbackUrl(URI.create(apiUrl() + "/callback"));
            }
        }
        if (sandbox != null) {
            sandbox.qrOrders(this::recordKBankQrOrder);
        }
        if (options.samples()) {
            SampleWorld.prepare(this);
        }
        for (Path seed : options.seeds()) {
            seed(seed);
        }
    }

    /** Every fixed port is checked before anything starts, so that all clashes are reported at once. */
    private void checkPorts() {
        List<String> clashes = new ArrayList<>();
        if (options.withApi() && options.apiPort() != 0 && !MotoDynamoDb.isFree(options.apiPort())) {
            clashes.add(clash("the API", options.apiPort(), "--api-port"));
        }
        if (options.dynamoDbEndpoint() == null && options.dynamoDbPort() != 0 && !MotoDynamoDb.isFree(options.dynamoDbPort())) {
            clashes.add(clash("moto's DynamoDB", options.dynamoDbPort(), "--dynamodb-port"));
        }
        if (!externalKBank() && options.kbankPort() != 0 && !MotoDynamoDb.isFree(options.kbankPort())) {
            clashes.add(clash("the KBank sandbox", options.kbankPort(), "--kbank-port"));
        }
        if (!clashes.isEmpty()) {
            throw new PortInUseException(clashes);
        }
    }

    private static String clash(String what, int port, String option) {
        return what + " cannot listen on " + port + " (choose another with " + option + ")";
    }

    /**
     * The template parameters of a local stack: its branch and order table, pages and callbacks on this
     * machine, e-mail and SNS into the outbox, and the sample events' KBank partner.
     */
    private Map<String, String> parameters() {
        String site = api != null ? apiUrl() : "http://localhost:3000";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Branch", options.branch());
        p.put("OrderTableName", orderTable(options.branch()));
        p.put("ThankYouUrl", site + "/_local/thankyou");
        // The sample card payments name the shop's checkout page; local ones may come back here.
        p.put("CallbackAllowedHosts", "localhost,127.0.0.1,shop.villamarket.com");
        p.put("EmailFrom", "payments@localhost.localdomain");
        p.put("ErrorEmailTo", "oncall@localhost.localdomain");
        p.put("NotificationEmailTo", "orders@localhost.localdomain");
        p.put("NotificationTopicArn", "arn:aws:sns:" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID
                + ":payment3-orders-" + options.branch());
        p.put("QrPartnerId", SAMPLE_PARTNER_ID);
        return p;
    }

    /** The shop's order table of a local stack: its own per branch, unless ORDER_TABLE_NAME says otherwise. */
    static String orderTable(String branch) {
        return "order-table-" + branch;
    }

    /**
     * What a function's template environment gets here: any variable the template sets that this process's
     * environment sets too (so {@code RECONCILE_MIN_AGE_MINUTES=1 ./run-local} works), the KBank timeouts,
     * and the local parts' endpoints and keys.
     */
    private Map<String, String> overrides(Map<String, String> templateEnvironment) {
        Map<String, String> env = new HashMap<>();
        for (String name : templateEnvironment.keySet()) {
            String value = options.env().get(name);
            if (value != null && !"BRANCH".equals(name)) {
                // Set, even to nothing: NOTIFICATION_TOPIC_ARN= ./run-local runs without the topic.
                env.put(name, value);
            }
        }
        for (String name : UNTEMPLATED_SETTINGS) {
            String value = options.env().get(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        env.put("AWS_REGION", TemplateTables.REGION);
        env.put("DYNAMODB_ENDPOINT", front.endpoint().toString());
        env.put("BASE_URL", kbankUrl.toString());
        env.put("KBANK_SECRET_KEY", externalKBank() ? options.env().get("KBANK_SECRET_KEY") : SANDBOX_SECRET_KEY);
        env.put("MID", options.env().getOrDefault("MID", SAMPLE_MERCHANT_ID));
        // A packaged function's Lambda, SES and SNS calls go through the permissions front to the local APIs.
        aws.environment().keySet().forEach(variable -> env.put(variable, front.endpoint().toString()));
        return env;
    }

    /**
     * The local parts of a function (its logical id; {@link MotoDynamoDb#ADMIN_ACCESS_KEY} for the stack's own
     * seeding and pages) with this environment, at this clock: its DynamoDB client signs as the function
     * through the permissions front, and its invocations, e-mails and topic messages are checked against its
     * role there before they reach the local Lambda and the outbox.
     */
    private Components.Parts parts(String function, Map<String, String> environment, Clock at) {
        Config config = Config.from(environment);
        boolean checked = !MotoDynamoDb.ADMIN_ACCESS_KEY.equals(function);
        DynamoDbClient client = checked ? functionClients.computeIfAbsent(function, id -> {
            DynamoDbClient c = MotoDynamoDb.client(front.endpoint(), id);
            closeables.add(c);
            return c;
        }) : dynamoDb;
        Optional<String> alias = config.functionAlias();
        AsyncInvoker invoker = new AsyncInvoker() {
            @Override
            public void invoke(String functionName, Object payload) {
                permitted(() -> front.requireInvoke(function, functionName, alias));
                lambda.invoke(functionName, payload);
            }

            @Override
            public void invokeOther(String functionName, Optional<String> qualifier, Object payload) {
                permitted(() -> front.requireInvoke(function, functionName, qualifier));
                lambda.invokeOther(functionName, qualifier, payload);
            }
        };
        Mailer mailer = (to, subject, text) -> {
            front.requireSendEmail(function, config.emailFrom().orElse(""));
            outbox.send(to, subject, text);
        };
        FunctionCaller caller = (functionName, payload) -> {
            try {
                front.requireInvoke(function, functionName, alias);
            } catch (AwsFront.AccessDeniedException e) {
                return new FunctionCaller.Result(true, Json.write(Json.object()
                        .put("errorType", "AccessDeniedException").put("errorMessage", e.getMessage())));
            }
            return callFunction(functionName, payload);
        };
        return new Components.Parts(config, at, client, checked ? mailer : outbox, () -> KBankSecrets.fromEnvironment(config),
                new UrlConnectionTransport(), () -> checked ? invoker : lambda,
                config.notificationTopicArn().map(topic -> message -> {
                    front.requirePublish(function, topic);
                    outbox.publish(message);
                }), () -> checked ? caller : this::callFunction);
    }

    /** A denied invocation is not accepted, as Lambda's client reports it. */
    private static void permitted(Runnable check) {
        try {
            check.run();
        } catch (AwsFront.AccessDeniedException e) {
            throw new AsyncInvoker.InvocationException("invoking failed: " + e.getMessage(), e);
        }
    }

    /** The parts of a function of the stack at another clock (the sample world's records of the past). */
    Components componentsAt(String function, Clock at) {
        FunctionDef def = function(function).orElseThrow();
        return new Components(parts(def.logicalId(), configuration(function).environment(), at));
    }

    /** AWS's permissions in front of the stack's local AWS APIs. */
    public AwsFront front() {
        return front;
    }

    private boolean externalKBank() {
        return !options.env().getOrDefault("KBANK_BASE_URL", "").isEmpty();
    }

    private void startDynamoDb() {
        if (options.dynamoDbEndpoint() != null) {
            dynamoDbEndpoint = options.dynamoDbEndpoint();
            dynamoDb = DynamoDbClient.builder()
                    .endpointOverride(dynamoDbEndpoint)
                    .region(Region.of(TemplateTables.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            closeables.add(dynamoDb);
            return;
        }
        MotoDynamoDb local = MotoDynamoDb.start(options.dynamoDbPort());
        closeables.add(local);
        dynamoDbEndpoint = local.endpoint();
        dynamoDb = local.client();
    }

    private static void createTable(Runnable create) {
        try {
            create.run();
        } catch (ResourceInUseException e) {
            // Kept from an earlier run against the same DynamoDB, or the shop's own order table.
        }
    }

    private void startKBank() {
        if (externalKBank()) {
            if (options.env().getOrDefault("KBANK_SECRET_KEY", "").isEmpty()) {
                throw new IllegalArgumentException("KBANK_BASE_URL is set but KBANK_SECRET_KEY is not");
            }
            kbankUrl = URI.create(options.env().get("KBANK_BASE_URL"));
            return;
        }
        try {
            sandbox = KBankSandbox.start(SANDBOX_SECRET_KEY, options.kbankPort());
        } catch (BindException e) {
            throw new PortInUseException(List.of(clash("the KBank sandbox", options.kbankPort(), "--kbank-port")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closeables.add(sandbox);
        kbankUrl = sandbox.baseUrl();
    }

    /**
     * A KBank QR order for a shop order, made in the sandbox and recorded as kbank-create-order records it (its
     * reference the order id and the moment in epoch seconds, pending until paid); the sandbox's QR charges name it.
     *
     * @return its {@code reference_order}
     */
    private String recordKBankQrOrder(String orderId, String amount) {
        Instant now = Instant.now();
        String reference = orderId + now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
        String kbankOrderId = sandbox.stub().qrOrder(reference, amount, "Order " + orderId);
        components().tables().kbankOrders().record(new KBankOrder(reference, new OrderId(orderId), kbankOrderId, Money.of(amount), "qr",
                now, true, null));
        return reference;
    }

    /**
     * Loads orders into the order table: a JSON array of {@code {"orderId": …, "data": {…}}}, with
     * {@code "form": "map"} to store {@code data} as a map instead of a JSON string.
     */
    public void seed(Path file) {
        JsonNode orders;
        try {
            orders = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the seed file " + file + " is not JSON");
        }
        if (!orders.isArray()) {
            throw new IllegalArgumentException("the seed file " + file + " is not a JSON array of orders");
        }
        OrderRepository repository = components().tables().orders();
        for (JsonNode order : orders) {
            if (!order.path("data").isObject()) {
                throw new IllegalArgumentException("an order in " + file + " has no data object");
            }
            repository.put(OrderId.parse(order.path("orderId").asText(null)), (ObjectNode) order.get("data"),
                    "map".equals(order.path("form").asText()) ? DataForm.MAP : DataForm.JSON_STRING);
        }
    }

    /**
     * Calls a function synchronously, as Lambda's RequestResponse invocation does (the replay function's
     * caller, the local AWS API): the answer, or Lambda's error object when the function threw.
     */
    public FunctionCaller.Result callFunction(String functionName, String payload) {
        FunctionDef function = function(functionName).orElseThrow(() ->
                new IllegalArgumentException("Function not found: " + functionName));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handlers.get(function.logicalId()).handleRequest(
                    new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext(function.functionName()));
            return new FunctionCaller.Result(false, out.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new FunctionCaller.Result(true,
                    Json.write(Json.object().put("errorType", e.getClass().getName())
                            .put("errorMessage", String.valueOf(e.getMessage()))));
        }
    }

    /** A function by logical id ({@code QRCallbackFunction}), module ({@code qr-callback}) or deployed name. */
    public Optional<FunctionDef> function(String name) {
        return functions.values().stream().filter(f -> isNamed(f, name)).findFirst();
    }

    /** Whether a function is named so by its logical id, its module or its deployed name. */
    static boolean isNamed(FunctionDef function, String name) {
        return function.logicalId().equals(name) || function.module().equals(name) || function.functionName().equals(name);
    }

    /** Every function, by logical id, in the template's order. */
    public List<FunctionDef> functions() {
        return List.copyOf(functions.values());
    }

    /** A function's configuration as the template deploys it on this stack, the local endpoints and keys in its environment. */
    public FunctionConfiguration configuration(String function) {
        return configurations.get(function(function).orElseThrow().logicalId());
    }

    /**
     * Starts a function's deployment package under Lambda's runtime interface client, configured as the
     * template deploys it on this stack: its AWS calls come to this stack's local AWS APIs.
     */
    public LambdaFunctionProcess startPackaged(String function) {
        return LambdaFunctionProcess.start(configuration(function), Map.of());
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    public URI kbankUrl() {
        return kbankUrl;
    }

    /** The KBank sandbox; throws when KBANK_BASE_URL replaced it. */
    KBankSandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox: KBANK_BASE_URL replaced it");
        }
        return sandbox;
    }

    public boolean usesSandbox() {
        return sandbox != null;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public String branch() {
        return options.branch();
    }

    /** This run's outbox folder. */
    public Path outbox() {
        return outbox.folder();
    }

    /**
     * The stack's own parts (the suite's admin key, checked against no role), over the functions' environment,
     * for the local endpoints, seeding and reading back.
     */
    public Components components() {
        return admin;
    }

    /** The parts a function of the stack runs on (logical id, module or name), its calls checked against its role. */
    public Components componentsOf(String function) {
        return componentsByFunction.get(function(function).orElseThrow().logicalId());
    }

    /** The functions' clock, which {@code POST /_local/reconcile?minutesLater=N} moves forward. */
    LocalClock clock() {
        return clock;
    }

    /** Waits until no asynchronous invocation is queued or running; false when the time ran out. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return lambda.awaitIdle(timeout);
    }

    /** The asynchronous invoker, to invoke a function as another function would. */
    LocalLambda lambda() {
        return lambda;
    }

    public String deadLettersJson() {
        return lambda.deadLettersJson();
    }

    /** What listens where, for the start-up message. */
    public List<String> describeRoutes() {
        return api.describe();
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Stopping: nothing more to do.
            }
        }
        closeables.clear();
    }
}
