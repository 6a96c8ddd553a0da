package com.villamarket.payment3.common.wiring;

import com.villamarket.payment3.common.aws.Lazy;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Redaction;
import com.villamarket.payment3.common.errors.SentrySettings;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.notify.MailAndTopicNotifier;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.once.OnceOnly;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The parts of a container that are not a table or a payment rule: its settings, clock, mail, error
 * logger, once-only steps, the KBank client and the Lambda clients. Each is built on its first use,
 * so a missing secret is answered and logged with the event that met it, and a cold start pays only
 * for what its function calls.
 */
public final class Platform {

    private final Config config;
    private final Clock clock;
    private final Mailer mailer;
    private final Supplier<KBankClient> kbank;
    private final Supplier<AsyncInvoker> invoker;
    private final Supplier<FunctionCaller> caller;
    private final Supplier<Notifier> notifier;
    private final Supplier<OnceOnly> once;
    private final Supplier<ErrorLogger> errorLogger;

    Platform(Components.Parts parts, Tables tables) {
        this.config = parts.config();
        this.clock = parts.clock();
        this.mailer = parts.mailer();
        this.invoker = Lazy.of(parts.invoker());
        this.caller = Lazy.of(parts.caller());
        this.kbank = Lazy.of(() -> new KBankClient(parts.http(), withSecretRedacted(parts.credentials().get()),
                config.kbankConnectTimeout(), config.kbankReadTimeout()));
        this.notifier = Lazy.of(() -> new MailAndTopicNotifier(mailer, config.notificationEmailTo(), parts.topic(),
                config.branch()));
        this.once = Lazy.of(() -> new OnceOnly(parts.dynamoDb(), clock));
        this.errorLogger = Lazy.of(() -> new ErrorLogger(tables.callbackErrorLog(), mailer, config.errorEmailTo(),
                SentrySettings.from(config), config.branch(), clock, once.get()));
    }

    /** The credentials, their key now scrubbed from everything the suite writes down ({@link Redaction}). */
    private static KBankCredentials withSecretRedacted(KBankCredentials credentials) {
        Redaction.registerSecret(credentials.secretKey());
        return credentials;
    }

    public Config config() {
        return config;
    }

    /** This branch's table and function names. */
    public Names names() {
        return config.names();
    }

    public Clock clock() {
        return clock;
    }

    public Mailer mailer() {
        return mailer;
    }

    /** Logs a failure to the callback error log, mail and Sentry. */
    public ErrorLogger errorLogger() {
        return errorLogger.get();
    }

    /** The once-only steps, over the container's DynamoDB client. */
    public OnceOnly once() {
        return once.get();
    }

    /** The KBank client; reads the credentials on the first call and throws {@link ConfigException} when it cannot. */
    public KBankClient kbank() {
        return kbank.get();
    }

    /** Invokes other functions asynchronously (Lambda's Event invocation). */
    public AsyncInvoker invoker() {
        return invoker.get();
    }

    /** Invokes a function synchronously, for replay. */
    public FunctionCaller caller() {
        return caller.get();
    }

    /** Tells the shop's people of a paid order (mail, and the SNS topic when one is configured). */
    public Notifier notifier() {
        return notifier.get();
    }
}
