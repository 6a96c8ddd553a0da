package com.villamarket.payment3.common.wiring;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.invoke.LambdaFunctionCaller;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.mail.SesSendEmail;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.secrets.SecretsManagerApi;
import com.villamarket.payment3.common.snapstart.Priming;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a function is built from, once per container and each part on its first use: production
 * builds it from the environment ({@link #production()}); the local stack and the tests give local
 * parts ({@link Parts}) and then build every function exactly as production does, through the same
 * handler constructors and services' {@code create(Components)}, which name the parts their function
 * needs from three groups: {@link #tables()}, {@link #payments()} and {@link #platform()}.
 */
public final class Components {

    /**
     * The parts that differ between production, the local stack and the tests.
     *
     * @param invoker  invokes other functions asynchronously; called on first use
     * @param topic    publishes one notification message to SNS; empty when no topic is configured
     * @param caller   invokes a function synchronously (replay); called on first use
     */
    public record Parts(Config config, Clock clock, DynamoDbClient dynamoDb, Mailer mailer,
            Supplier<KBankCredentials> credentials, HttpTransport http, Supplier<AsyncInvoker> invoker,
            Optional<Consumer<String>> topic, Supplier<FunctionCaller> caller) {
    }

    private final Tables tables;
    private final Platform platform;
    private final Payments payments;

    public Components(Parts parts) {
        this.tables = new Tables(parts.dynamoDb(), parts.config());
        this.platform = new Platform(parts, tables);
        this.payments = new Payments(tables, platform);
    }

    /**
     * The production parts, from the environment: throws {@link ConfigException} naming a missing or
     * bad setting, which fails the container's start as Lambda reports it.
     */
    public static Components production() {
        return production(Config.fromEnvironment());
    }

    /** The production parts over settings already read (a test that runs a function in a fresh JVM). */
    public static Components production(Config config) {
        AwsClients aws = new AwsClients(config);
        Components components = new Components(new Parts(config, Clock.systemUTC(), aws.dynamoDb(),
                new SesMailer(() -> new SesSendEmail(aws.ses()), config.emailFrom()),
                () -> KBankSecrets.load(config, () -> new SecretsManagerApi(aws.secretsManager())), new UrlConnectionTransport(),
                () -> LambdaAsyncInvoker.create(aws),
                config.notificationTopicArn().map(arn -> Notifiers.snsTopic(aws, arn)),
                () -> LambdaFunctionCaller.create(aws)));
        // SnapStart: warm the code paths before the snapshot (a no-op without CRaC).
        Priming.register(components.tables()::orders);
        return components;
    }

    /**
     * A function of the template built over these parts, as its no-argument constructor builds it
     * over production's: the handler class's constructor that takes {@link Components}. For the
     * local stack and the tests, so that they build every function exactly as Lambda does.
     *
     * @param handlerClass the template's {@code Handler}, without {@code ::handleRequest}
     * @throws IllegalArgumentException when the class is not on the class path or is not one of the suite's handlers
     */
    public RequestStreamHandler handler(String handlerClass) {
        try {
            Class<?> type = Class.forName(handlerClass);
            return (RequestStreamHandler) type.getConstructor(Components.class).newInstance(this);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("cannot build handler " + handlerClass + " over these parts: " + e, e);
        }
    }

    /** The repositories of the suite's tables. */
    public Tables tables() {
        return tables;
    }

    /** The payment rules: QR and card settling, paid orders. */
    public Payments payments() {
        return payments;
    }

    /** Settings, clock, mail, error logger, once-only steps, KBank and the Lambda clients. */
    public Platform platform() {
        return platform;
    }
}
