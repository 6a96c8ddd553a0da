package com.villamarket.payment3.common.testing;

import static org.mockito.Mockito.mock;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The production {@link Components} over local parts: DynamoDB Local and the KBank stub of a
 * {@link LocalSuite}, and a Mockito SES (SES has no local engine).
 */
public final class TestComponents {

    private final LocalSuite suite;
    private final SesClient ses = mock(SesClient.class);
    private final Components components;

    private TestComponents(LocalSuite suite, Consumer<Map<String, String>> env) {
        this.suite = suite;
        Map<String, String> variables = suite.env();
        env.accept(variables);
        Config config = Config.from(variables);
        // The environment holds the key and URL, so Secrets Manager must never be called.
        this.components = new Components(config, Clock.systemUTC(), suite.dynamoDb(),
                new SesMailer(ses, config.emailFrom()),
                () -> KBankSecrets.load(config, () -> {
                    throw new AssertionError("Secrets Manager called although the environment gives the keys");
                }),
                new UrlConnectionTransport());
    }

    public static TestComponents on(LocalSuite suite) {
        return new TestComponents(suite, env -> { });
    }

    /** With the suite's environment changed by {@code env}. */
    public static TestComponents on(LocalSuite suite, Consumer<Map<String, String>> env) {
        return new TestComponents(suite, env);
    }

    public Components components() {
        return components;
    }

    /** The mocked SES client the mailer sends through. */
    public SesClient ses() {
        return ses;
    }

    public LocalSuite suite() {
        return suite;
    }
}
