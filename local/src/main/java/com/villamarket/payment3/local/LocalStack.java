package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.ops.Commands;
import com.villamarket.payment3.ops.KBankInquiries;
import com.villamarket.payment3.ops.OrderStories;
import com.villamarket.payment3.ops.ReadOnlyDynamoDb;
import com.villamarket.payment3.ops.StoryCommand;
import com.villamarket.payment3.ops.StoryPage;
import com.villamarket.payment3.testkit.DynamoDbLocal;
import com.villamarket.payment3.testkit.KBankStub;
import com.villamarket.payment3.testkit.TemplateTables;
import com.villamarket.payment3.testkit.TemplateTables.FunctionDef;
import com.villamarket.payment3.testkit.TemplateTables.Route;
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
import java.time.ZoneId;
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
 * The whole suite in this process: DynamoDB Local with the template's tables, a KBank sandbox, every
 * function of template.yaml built as on Lambda, their API on a loopback port, asynchronous
 * invocations with Lambda's retries and failure destination, and an e-mail outbox folder.
 */
public final class LocalStack implements AutoCloseable {

    /** The sandbox's secret key; KBANK_SECRET_KEY with KBANK_BASE_URL replaces the sandbox. */
    public static final String SANDBOX_SECRET_KEY = "skey_test_local";

    /**
     * How to start.
     *
     * @param dynamoDbEndpoint an existing DynamoDB to use instead of starting DynamoDB Local; null for none
     * @param env              the process environment: {@code KBANK_BASE_URL} and {@code KBANK_SECRET_KEY} replace the sandbox
     * @param retryDelay       wait before the first retry of a failed asynchronous invocation
     * @param withApi          false for a one-off invoke, which needs no API port
     */
    public record Options(String branch, int apiPort, int dynamoDbPort, int kbankPort, URI dynamoDbEndpoint, Path outbox,
            List<Path> seeds, Duration retryDelay, Map<String, String> env, boolean withApi) {
    }

    /** A port that could not be bound, with the option that moves it. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String what, int port, String option) {
            super(what + " cannot listen on port " + port + ": it is in use. Choose another with " + option + ".");
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Options options;
    private URI dynamoDbEndpoint;
    private DynamoDbClient dynamoDb;
    private KBankStub sandbox;
    private URI kbankUrl;
    private Outbox outbox;
    private LocalLambda lambda;
    private ApiServer api;
    private Components components;
    private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
    private final Map<String, RequestStreamHandler> handlers = new HashMap<>();
    private final Map<Route, ApiServer.Handler> routes = new HashMap<>();
    private Map<String, String> functionEnvironment = Map.of();

    private LocalStack(Options options) {
        this.options = options;
    }

    /** Starts everything; on any failure what was started is stopped again. */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        startDynamoDb();
        String orderTable = options.env().getOrDefault("ORDER_TABLE_NAME", Config.DEFAULT_ORDER_TABLE);
        createTables(orderTable);
        startKBank();

        Map<String, String> env = new HashMap<>();
        env.put("BRANCH", options.branch());
        env.put("ORDER_TABLE_NAME", orderTable);
        env.put("DYNAMODB_ENDPOINT", dynamoDbEndpoint.toString());
        env.put("BASE_URL", kbankUrl.toString());
        env.put("KBANK_SECRET_KEY", options.env().getOrDefault("KBANK_BASE_URL", "").isEmpty()
                ? SANDBOX_SECRET_KEY : options.env().get("KBANK_SECRET_KEY"));
        env.put("MID", options.env().getOrDefault("MID", "local-merchant"));
        env.put("EMAIL_FROM", "payments@localhost.localdomain");
        env.put("ERROR_EMAIL_TO", "oncall@localhost.localdomain");
        env.put("NOTIFICATION_EMAIL_TO", "orders@localhost.localdomain");
        env.put("QR_PARTNER_ID", "LOCALPARTNER");
        // Settings of the suite that a local run may want to change are taken from the environment.
        for (String name : List.of("QR_PARTNER_ID", "THANK_YOU_URL", "AMOUNT_TOLERANCE", "CALLBACK_ALLOWED_HOSTS", "PAY_FUNCTION_NAME",
                "KBANK_CONNECT_TIMEOUT_MS", "KBANK_READ_TIMEOUT_MS", "RECONCILE_MIN_AGE_MINUTES")) {
            String value = options.env().get(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        Config config = Config.from(env);
        functionEnvironment = Map.copyOf(env);

        Clock clock = Clock.systemUTC();
        outbox = new Outbox(options.outbox(), clock);
        lambda = new LocalLambda(options.retryDelay(), clock);
        closeables.add(lambda);
        components = new Components(new Components.Parts(config, clock, dynamoDb, outbox,
                () -> KBankSecrets.load(config, () -> {
                    throw new IllegalStateException("the local stack never calls Secrets Manager");
                }),
                new UrlConnectionTransport(), () -> lambda, Optional.of(outbox::publish), () -> this::callFunction));
        for (FunctionDef function : TemplateTables.load().functions(options.branch())) {
            // Built exactly as on Lambda: the handler's constructor over this process's parts.
            RequestStreamHandler handler = components.handler(function.handlerClass());
            functions.put(function.logicalId(), function);
            handlers.put(function.logicalId(), handler);
            lambda.register(function.functionName(), handler);
            function.routes().forEach(route -> routes.put(route, new ApiServer.Handler(function.functionName(), handler)));
        }
        if (options.withApi()) {
            try {
                Map<String, ApiServer.LocalFunction> local = Map.of(
                        "/_local/replay", event -> callFunction("ReplayFunction", event),
                        "/_local/reconcile", event -> callFunction("ReconcileFunction", event));
                api = new ApiServer(options.apiPort(), routes, local, (id, kbank) -> storyPage(config, orderTable, id, kbank),
                        lambda, options.branch());
            } catch (BindException e) {
                throw new PortInUseException("The API", options.apiPort(), "--api-port");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            closeables.add(api);
            if (sandbox != null) {
                sandbox.cardCallbackUrl(URI.create(apiUrl() + "/callback"));
            }
        }
        for (Path seed : options.seeds()) {
            seed(seed);
        }
    }

    private void startDynamoDb() {
        if (options.dynamoDbEndpoint() != null) {
            dynamoDbEndpoint = options.dynamoDbEndpoint();
            dynamoDb = DynamoDbClient.builder()
                    .endpointOverride(dynamoDbEndpoint)
                    .region(Region.of(options.env().getOrDefault("AWS_REGION", Config.DEFAULT_REGION)))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            closeables.add(dynamoDb);
            return;
        }
        if (options.dynamoDbPort() != 0 && !DynamoDbLocal.isFree(options.dynamoDbPort())) {
            throw new PortInUseException("DynamoDB Local", options.dynamoDbPort(), "--dynamodb-port");
        }
        DynamoDbLocal local = DynamoDbLocal.start(options.dynamoDbPort());
        closeables.add(local);
        dynamoDbEndpoint = local.endpoint();
        dynamoDb = local.client();
    }

    private void createTables(String orderTable) {
        for (var request : TemplateTables.load().createTableRequests(options.branch())) {
            try {
                dynamoDb.createTable(request);
            } catch (ResourceInUseException e) {
                // Kept from an earlier run against the same DynamoDB.
            }
        }
        try {
            TemplateTables.createOrderTable(dynamoDb, orderTable);
        } catch (ResourceInUseException e) {
            // The shop's table exists already.
        }
    }

    private void startKBank() {
        String external = options.env().getOrDefault("KBANK_BASE_URL", "");
        if (!external.isEmpty()) {
            if (options.env().getOrDefault("KBANK_SECRET_KEY", "").isEmpty()) {
                throw new IllegalArgumentException("KBANK_BASE_URL is set but KBANK_SECRET_KEY is not");
            }
            kbankUrl = URI.create(external);
            return;
        }
        try {
            sandbox = KBankStub.startOnPort(SANDBOX_SECRET_KEY, options.kbankPort());
        } catch (BindException e) {
            throw new PortInUseException("The KBank sandbox", options.kbankPort(), "--kbank-port");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closeables.add(sandbox);
        kbankUrl = sandbox.baseUrl();
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
        }
        if (!orders.isArray()) {
            throw new IllegalArgumentException("the seed file " + file + " is not a JSON array of orders");
        }
        OrderRepository repository = components.orders();
        for (JsonNode order : orders) {
            if (!order.path("data").isObject()) {
                throw new IllegalArgumentException("an order in " + file + " has no data object");
            }
            repository.put(OrderId.parse(order.path("orderId").asText(null)), (ObjectNode) order.get("data"),
                    "map".equals(order.path("form").asText()) ? DataForm.MAP : DataForm.JSON_STRING);
        }
    }

    /** The story of an order or a charge as a page, read through the read-only guard (and KBank's inquiries when asked). */
    private String storyPage(Config config, String orderTable, String id, boolean kbank) {
        Optional<KBankInquiries> inquiries = kbank ? Optional.of(KBankInquiries.over(new UrlConnectionTransport(),
                KBankSecrets.load(config, () -> {
                    throw new IllegalStateException("the local stack never calls Secrets Manager");
                }), config.kbankConnectTimeout(), config.kbankReadTimeout())) : Optional.empty();
        OrderStories stories = new OrderStories(OrderStories.Tables.of(ReadOnlyDynamoDb.over(dynamoDb), config.names(),
                orderTable), new OrderStories.Settings(inquiries, StoryCommand.DEFAULT_ERROR_LOG_SCAN_LIMIT,
                config.amountTolerance(), ZoneId.systemDefault()), Commands.local(apiUrl()), Clock.systemUTC());
        return StoryPage.render(stories.of(id), ZoneId.systemDefault());
    }

    /**
     * Calls a function synchronously, as Lambda's RequestResponse invocation does (the replay function's caller).
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
        return functions.values().stream()
                .filter(f -> f.logicalId().equals(name) || f.module().equals(name) || f.functionName().equals(name))
                .findFirst();
    }

    public RequestStreamHandler handler(FunctionDef function) {
        return handlers.get(function.logicalId());
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    public URI kbankUrl() {
        return kbankUrl;
    }

    /** The environment the functions run with here (for a packaged function run beside the stack). */
    public Map<String, String> functionEnvironment() {
        return functionEnvironment;
    }

    /** The KBank sandbox; throws when KBANK_BASE_URL replaced it. */
    KBankStub sandbox() {
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

    public Path outbox() {
        return outbox.folder();
    }

    public Components components() {
        return components;
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
        return ApiServer.describe(routes);
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
