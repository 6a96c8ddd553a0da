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
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The production {@link Components} over local parts: moto's DynamoDB and the KBank stub of a
 * {@link LocalSuite}, an in-process asynchronous invoker, a clock the test moves, a list for SNS
 * messages, and a Mockito SES (SES has no local engine). Functions are then built from it exactly
 * as production builds them.
 */
public final class TestComponents {

    private final LocalSuite suite;
    private final SendEmail ses = mock(SendEmail.class);
    private final MutableClock clock = MutableClock.now();
    private final InProcessInvoker invoker = new InProcessInvoker();
    private final List<String> topic = new CopyOnWriteArrayList<>();
    private final List<String> mailSubjects = new CopyOnWriteArrayList<>();
    private final Components components;

    private TestComponents(Builder b) {
        this.suite = b.suite;
        Map<String, String> variables = suite.env();
        b.env.accept(variables);
        Config config = Config.from(variables);
        Consumer<String> after = b.afterEachCall;
        AsyncInvoker asyncInvoker = Boundaries.invoker(b.invoker == null ? invoker : b.invoker, after);
        this.components = new Components(new Components.Parts(config, clock,
                Boundaries.dynamoDb(b.dynamoDb.apply(suite.dynamoDb()), after),
                Boundaries.mailer(recorded(new SesMailer(() -> ses, config.emailFrom())), after),
                () -> KBankSecrets.fromEnvironment(config),
                Boundaries.http(b.http.apply(new UrlConnectionTransport()), after), () -> asyncInvoker,
                Optional.of(Boundaries.topic(topic::add, after)), () -> b.caller));
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

    public static Builder builder(LocalSuite suite) {
        return new Builder(suite);
    }

    /** Chooses what differs from the plain local parts. */
    public static final class Builder {
        private final LocalSuite suite;
        private Consumer<Map<String, String>> env = e -> { };
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

        /** Changes the environment the configuration is read from. */
        public Builder env(Consumer<Map<String, String>> change) {
            this.env = change;
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

    public Components components() {
        return components;
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
