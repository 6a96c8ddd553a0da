package com.villamarket.payment3.common.testing;

import static org.mockito.Mockito.mock;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.mail.SendEmail;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.secrets.SecretsManagerApi;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.AwsFront;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.MotoDynamoDb;
import com.villamarket.payment3.testkit.MutableClock;
import com.villamarket.payment3.testkit.TemplateTables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * The production {@link Components} over local parts: moto's DynamoDB and the KBank stub of a
 * {@link LocalSuite}, an in-process asynchronous invoker, a clock the test moves, a list for SNS
 * messages, and a Mockito SES (SES has no local engine). Functions are then built from it exactly
 * as production builds them, each over its own role: {@link #function()} (the function of the module under
 * test) and {@link #as(String)} check every call as AWS would; {@link #admin()} is the suite's own key, which
 * checks nothing, for seeding fixtures and reading back what a function wrote.
 */
public final class TestComponents {

    private final LocalSuite suite;
    private final SendEmail ses = mock(SendEmail.class);
    private final MutableClock clock = MutableClock.now();
    private final InProcessInvoker invoker = new InProcessInvoker();
    private final List<String> topic = new CopyOnWriteArrayList<>();
    private final List<String> mailSubjects = new CopyOnWriteArrayList<>();
    private final Components components;
    private final Builder builder;
    private final Config config;
    private final Map<String, Components> byFunction = new ConcurrentHashMap<>();
    private final Optional<String> functionUnderTest;
    private final Map<String, SecretsManagerClient> secretsManagers = new ConcurrentHashMap<>();

    private TestComponents(Builder b) {
        this.suite = b.suite;
        this.builder = b;
        this.functionUnderTest = b.function;
        Map<String, String> variables = suite.env();
        b.env.accept(variables);
        this.config = Config.from(variables);
        this.components = new Components(parts(suite.dynamoDb(), MotoDynamoDb.ADMIN_ACCESS_KEY, Optional.empty()));
    }

    /**
     * The parts over a DynamoDB client; every invocation, e-mail and topic message checked against the role of
     * {@code function} (a logical id; the suite's admin key checks nothing) by the suite's permissions front.
     */
    private Components.Parts parts(DynamoDbClient dynamoDb, String function, Optional<String> alias) {
        Consumer<String> after = builder.afterEachCall;
        AwsFront front = suite.front();
        AsyncInvoker real = builder.invoker == null ? invoker : builder.invoker;
        AsyncInvoker checked = new AsyncInvoker() {
            @Override
            public void invoke(String functionName, Object payload) {
                permitted(() -> front.requireInvoke(function, functionName, alias));
                real.invoke(functionName, payload);
            }

            @Override
            public void invokeOther(String functionName, Optional<String> qualifier, Object payload) {
                permitted(() -> front.requireInvoke(function, functionName, qualifier));
                real.invokeOther(functionName, qualifier, payload);
            }
        };
        AsyncInvoker asyncInvoker = Boundaries.invoker(checked, after);
        Mailer mailer = recorded(new SesMailer(() -> ses, config.emailFrom()));
        Mailer checkedMailer = (to, subject, text) -> {
            front.requireSendEmail(function, config.emailFrom().orElse(""));
            mailer.send(to, subject, text);
        };
        Consumer<String> checkedTopic = message -> {
            // Production publishes only to a configured topic; this harness keeps messages without one too.
            config.notificationTopicArn().ifPresent(arn -> front.requirePublish(function, arn));
            topic.add(message);
        };
        return new Components.Parts(config, clock,
                Boundaries.dynamoDb(builder.dynamoDb.apply(dynamoDb), after),
                Boundaries.mailer(checkedMailer, after),
                // As production reads KBank's keys: the variables first, else Secrets Manager, signed as the function.
                () -> KBankSecrets.load(config, () -> new SecretsManagerApi(secretsManager(function))),
                Boundaries.http(builder.http.apply(new UrlConnectionTransport()), after), () -> asyncInvoker,
                Optional.of(Boundaries.topic(checkedTopic, after)), () -> (functionName, payload) -> {
                    try {
                        front.requireInvoke(function, functionName, alias);
                    } catch (AwsFront.AccessDeniedException e) {
                        return new FunctionCaller.Result(true, e.getMessage());
                    }
                    return builder.caller.call(functionName, payload);
                });
    }

    /** A Secrets Manager client signed as {@code accessKeyId} through the suite's permissions front (moto's behind it). */
    private SecretsManagerClient secretsManager(String accessKeyId) {
        return secretsManagers.computeIfAbsent(accessKeyId, key -> SecretsManagerClient.builder()
                .endpointOverride(suite.front().endpoint())
                .region(Region.of(TemplateTables.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
    }

    /**
     * Stores a secret in the suite's Secrets Manager (moto's, shared by the test JVM), or replaces its value: what
     * a function reads its KBank keys from when its environment does not give them.
     */
    public void putSecret(String name, String text) {
        SecretsManagerClient admin = secretsManager(MotoDynamoDb.ADMIN_ACCESS_KEY);
        try {
            admin.createSecret(r -> r.name(name).secretString(text));
        } catch (ResourceExistsException e) {
            admin.putSecretValue(r -> r.secretId(name).secretString(text));
        }
    }

    /**
     * A denied invocation fails as Lambda's client fails it: not accepted, the SDK's 403 AccessDeniedException inside
     * (what {@code LambdaAsyncInvoker} wraps).
     */
    private static void permitted(Runnable check) {
        try {
            check.run();
        } catch (AwsFront.AccessDeniedException e) {
            LambdaException lambda = (LambdaException) LambdaException.builder().message(e.getMessage()).statusCode(403)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage(e.getMessage())
                            .serviceName("Lambda").build()).build();
            throw new AsyncInvoker.InvocationException("invoking failed: " + e.getMessage(), lambda);
        }
    }

    /**
     * The same parts as one function of template.yaml has them on AWS: DynamoDB signed as the function
     * through the suite's permissions front ({@link LocalSuite#dynamoDbAs}), its invocations (at the alias its
     * template variables name), e-mails and topic messages checked against its role; built once per function.
     * A call outside the role fails as on AWS.
     *
     * @param logicalId the function's logical id in template.yaml
     */
    public Components as(String logicalId) {
        return byFunction.computeIfAbsent(logicalId, id -> new Components(parts(suite.dynamoDbAs(id), id,
                Optional.ofNullable(suite.configuration(id).environment().get("FUNCTION_ALIAS")).filter(a -> !a.isEmpty()))));
    }

    /**
     * The function under test's parts, its role enforced: {@link #as} of the function template.yaml deploys
     * from this module ({@link LocalSuite#functionUnderTest}), or of the one the test named
     * ({@link LocalSuiteTest#function}, {@link Builder#function}).
     *
     * @throws IllegalStateException in a module that deploys no function, when the test named none
     */
    public Components function() {
        return as(functionUnderTestId());
    }

    /** The logical id of the function under test (see {@link #function()}). */
    public String functionUnderTestId() {
        return functionUnderTest.orElseThrow(() -> new IllegalStateException("module "
                + System.getProperty("payment3.module", "?") + " deploys no function of template.yaml: name the "
                + "function under test (@LocalSuiteTest(function = ...)) or use as(logicalId)"));
    }

    /**
     * The calls of the function under test that AWS's permissions front refused so far (each distinct action and
     * resource once), as AWS would have refused them.
     */
    public List<AwsFront.Call> refused() {
        String function = functionUnderTestId();
        return suite.front().calls().stream().filter(call -> call.function().equals(function) && !call.allowed()).toList();
    }

    /**
     * The suite's own parts, signed with the admin key that AWS's permissions front does not check: for seeding
     * fixtures and reading back what a function wrote, never for running a function under test.
     */
    public Components admin() {
        return components;
    }

    /** Keeps each subject sent, so that tests count e-mails without taking SES's request apart. */
    private Mailer recorded(Mailer mailer) {
        return (to, subject, text) -> {
            mailer.send(to, subject, text);
            mailSubjects.add(subject);
        };
    }

    /** Parts over the suite's environment, moto's DynamoDB and KBank stub as they are. */
    public static TestComponents on(LocalSuite suite) {
        return builder(suite).build();
    }

    /** With the suite's environment changed by {@code env}. */
    public static TestComponents on(LocalSuite suite, Consumer<Map<String, String>> env) {
        return builder(suite).env(env).build();
    }

    /** The branch of {@link Builder#onAnotherStack()}. */
    public static final String ANOTHER_STACK = "elsewhere";

    /** The ARN a DynamoDB table's calls are checked against by the permissions front. */
    public static String tableArn(String table) {
        return "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + table;
    }

    public static Builder builder(LocalSuite suite) {
        return new Builder(suite);
    }

    /** Chooses what differs from the plain local parts. */
    public static final class Builder {
        private final LocalSuite suite;
        private Consumer<Map<String, String>> env = e -> { };
        private Optional<String> function = LocalSuite.functionUnderTest();
        private UnaryOperator<DynamoDbClient> dynamoDb = d -> d;
        private UnaryOperator<HttpTransport> http = h -> h;
        private AsyncInvoker invoker;
        private Consumer<String> afterEachCall = call -> { };
        private FunctionCaller caller = (function, payload) -> {
            throw new AssertionError("no synchronous invocation expected in this test");
        };

        private Builder(LocalSuite suite) {
            this.suite = suite;
        }

        /** Changes the environment the configuration is read from (after any change given before). */
        public Builder env(Consumer<Map<String, String>> change) {
            this.env = this.env.andThen(change);
            return this;
        }

        /**
         * Deployed against another stack's tables ({@code BRANCH} {@value #ANOTHER_STACK}, and that stack's order
         * table), which the function's role does not name: every DynamoDB call it makes is refused, as on AWS.
         */
        public Builder onAnotherStack() {
            return env(variables -> {
                variables.put("BRANCH", ANOTHER_STACK);
                variables.put("ORDER_TABLE_NAME", "order-table-" + ANOTHER_STACK);
            });
        }

        /** Names the function under test ({@link TestComponents#function()}) by its logical id in template.yaml. */
        public Builder function(String logicalId) {
            this.function = Optional.of(logicalId);
            return this;
        }

        /** Wraps the DynamoDB client (faults, crashes). */
        public Builder dynamoDb(UnaryOperator<DynamoDbClient> wrap) {
            this.dynamoDb = wrap;
            return this;
        }

        /** Wraps KBank's HTTP transport (faults, crashes). */
        public Builder http(UnaryOperator<HttpTransport> wrap) {
            this.http = wrap;
            return this;
        }

        /** What takes asynchronous invocations, instead of the in-process invoker. */
        public Builder invoker(AsyncInvoker invoker) {
            this.invoker = invoker;
            return this;
        }

        /**
         * Runs after every call that leaves the process (DynamoDB, KBank, Lambda, e-mail, SNS), with
         * a line naming it: to count the boundaries of a flow, or to kill it at one ({@link Killed}).
         */
        public Builder afterEachCall(Consumer<String> hook) {
            this.afterEachCall = hook;
            return this;
        }

        /** What answers synchronous invocations (replay). */
        public Builder caller(FunctionCaller caller) {
            this.caller = caller;
            return this;
        }

        public TestComponents build() {
            return new TestComponents(this);
        }
    }

    /** The mocked SES SendEmail the mailer sends through. */
    public SendEmail ses() {
        return ses;
    }

    /** The asynchronous invocations the functions made, queued until the test runs them. */
    public InProcessInvoker invoker() {
        return invoker;
    }

    /** The SNS messages published, in order. */
    public List<String> topic() {
        return topic;
    }

    /** The subjects of the e-mails sent, in order. */
    public List<String> mailSubjects() {
        return mailSubjects;
    }

    /** The clock every part reads; advance it to pass leases and minimum ages. */
    public MutableClock clock() {
        return clock;
    }

    public LocalSuite suite() {
        return suite;
    }
}
