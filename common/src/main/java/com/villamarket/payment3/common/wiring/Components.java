package com.villamarket.payment3.common.wiring;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.aws.Lazy;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Redaction;
import com.villamarket.payment3.common.errors.SentrySettings;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.invoke.LambdaFunctionCaller;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.mail.SesSendEmail;
import com.villamarket.payment3.common.notify.MailAndTopicNotifier;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.QrPayments;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.QrNotifyRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.secrets.SecretsManagerApi;
import com.villamarket.payment3.common.snapstart.Priming;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a function is built from, made once per container: production builds it from the
 * environment ({@link #production()}); the local stack and the tests give local parts
 * ({@link Parts}) and then build every function exactly as production does, through the same
 * services' {@code create(Components)}.
 *
 * <p>Clients a happy path may never use (KBank's credentials, the Lambda and SNS clients, the
 * notifier) are built on first use, so that a missing secret is answered and logged with the event
 * that met it, and a cold start pays only for what it calls.
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

    private final Config config;
    private final Clock clock;
    private final DynamoDbClient dynamoDb;
    private final Mailer mailer;
    private final Supplier<KBankClient> kbank;
    private final Supplier<AsyncInvoker> invoker;
    private final Supplier<FunctionCaller> caller;
    private final Supplier<Notifier> notifier;
    private final ErrorLogger errorLogger;
    private final OnceOnly once;
    private final OrderRepository orders;
    private final QrPaymentRecordRepository qrPaymentRecords;
    private final QrCallbackRecordRepository qrCallbackRecords;
    private final ProcessPaidOrderLogRepository processPaidOrderLog;
    private final CheckStatusRepository checkStatus;
    private final CardPaymentRecordRepository cardPaymentRecords;
    private final Optional<CardPaymentRecordRepository> masterCardPaymentRecords;
    private final CreditCardNotifyRepository creditCardNotify;
    private final KBankUserMappingRepository kbankUserMapping;
    private final KBankOrderRepository kbankOrders;
    private final QrNotifyRepository qrNotifications;
    private final CallbackErrorLogRepository callbackErrorLog;
    private final QrPayments qrPayments;
    private final CardPayments cardPayments;
    private final PaidOrderProcessor paidOrders;

    public Components(Parts parts) {
        this.config = parts.config();
        this.clock = parts.clock();
        this.dynamoDb = parts.dynamoDb();
        this.mailer = parts.mailer();
        this.invoker = Lazy.of(parts.invoker());
        this.caller = Lazy.of(parts.caller());
        HttpTransport http = parts.http();
        this.kbank = Lazy.of(() -> new KBankClient(http, withSecretRedacted(parts.credentials().get()),
                config.kbankConnectTimeout(), config.kbankReadTimeout()));
        this.notifier = Lazy.of(() -> new MailAndTopicNotifier(mailer, config.notificationEmailTo(), parts.topic(), config.branch()));
        Names names = config.names();
        this.once = new OnceOnly(dynamoDb, clock);
        this.orders = new OrderRepository(dynamoDb, config.orderTable());
        this.qrPaymentRecords = new QrPaymentRecordRepository(dynamoDb, names.qrPaymentRecordTable());
        this.qrCallbackRecords = new QrCallbackRecordRepository(dynamoDb, names.qrCallbackRecordTable());
        this.processPaidOrderLog = new ProcessPaidOrderLogRepository(dynamoDb, names.processPaidOrderTable());
        this.checkStatus = new CheckStatusRepository(dynamoDb, names.checkStatusTable());
        this.cardPaymentRecords = new CardPaymentRecordRepository(dynamoDb, names.cardPaymentRecordTable());
        this.masterCardPaymentRecords = "master".equals(config.branch()) ? Optional.empty()
                : Optional.of(new CardPaymentRecordRepository(dynamoDb, names.masterCardPaymentRecordTable()));
        this.creditCardNotify = new CreditCardNotifyRepository(dynamoDb, config.creditCardNotifyTable());
        this.kbankUserMapping = new KBankUserMappingRepository(dynamoDb, config.kbankUserMappingTable());
        this.kbankOrders = new KBankOrderRepository(dynamoDb, names.kbankOrderTable());
        this.qrNotifications = new QrNotifyRepository(dynamoDb, names.qrNotifyTable());
        this.callbackErrorLog = new CallbackErrorLogRepository(dynamoDb, names.callbackErrorLogTable());
        this.errorLogger = new ErrorLogger(callbackErrorLog, mailer, config.errorEmailTo(), SentrySettings.from(config),
                config.branch(), clock, once);
        ChargeVerifier qrVerifier = new ChargeVerifier(ChargeVerifier.Kind.QR, kbank);
        ChargeVerifier cardVerifier = new ChargeVerifier(ChargeVerifier.Kind.CARD, kbank);
        this.qrPayments = new QrPayments(orders, qrPaymentRecords, kbankOrders, qrVerifier, kbank, once, invoker,
                names.processPaidOrderInternalFunction(), clock);
        this.cardPayments = new CardPayments(cardPaymentRecords, masterCardPaymentRecords, orders, cardVerifier, creditCardNotify,
                checkStatus, once, invoker, kbank, names, clock);
        this.paidOrders = new PaidOrderProcessor(orders, processPaidOrderLog, qrPaymentRecords, qrVerifier, cardPayments,
                once, notifier, invoker, config.payFunction(), names.kbankCreateUserFunction(), errorLogger, clock);
    }

    /** The credentials, their key now scrubbed from everything the suite writes down ({@link Redaction}). */
    private static KBankCredentials withSecretRedacted(KBankCredentials credentials) {
        Redaction.registerSecret(credentials.secretKey());
        return credentials;
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
        Priming.register(components.orders());
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

    public Config config() {
        return config;
    }

    public Names names() {
        return config.names();
    }

    public Clock clock() {
        return clock;
    }

    public Mailer mailer() {
        return mailer;
    }

    public ErrorLogger errorLogger() {
        return errorLogger;
    }

    /** The KBank client; reads the credentials on the first call and throws {@link ConfigException} when it cannot. */
    public KBankClient kbank() {
        return kbank.get();
    }

    /** Invokes other functions asynchronously (Lambda's Event invocation); built on first use. */
    public AsyncInvoker invoker() {
        return invoker.get();
    }

    /** Invokes a function synchronously, for replay; built on first use. */
    public FunctionCaller caller() {
        return caller.get();
    }

    public OnceOnly once() {
        return once;
    }

    /** The settle path of QR payments. */
    public QrPayments qrPayments() {
        return qrPayments;
    }

    /** The settle path of card payments. */
    public CardPayments cardPayments() {
        return cardPayments;
    }

    /** Unpaid to paid, once, and the after-paid steps (both ProcessPaidOrder functions). */
    public PaidOrderProcessor paidOrders() {
        return paidOrders;
    }

    public OrderRepository orders() {
        return orders;
    }

    public QrPaymentRecordRepository qrPaymentRecords() {
        return qrPaymentRecords;
    }

    public QrCallbackRecordRepository qrCallbackRecords() {
        return qrCallbackRecords;
    }

    public ProcessPaidOrderLogRepository processPaidOrderLog() {
        return processPaidOrderLog;
    }

    public CheckStatusRepository checkStatus() {
        return checkStatus;
    }

    public CardPaymentRecordRepository cardPaymentRecords() {
        return cardPaymentRecords;
    }

    /** The master branch's card payment records, where the card flows look second; empty on master itself. */
    public Optional<CardPaymentRecordRepository> masterCardPaymentRecords() {
        return masterCardPaymentRecords;
    }

    public CreditCardNotifyRepository creditCardNotify() {
        return creditCardNotify;
    }

    public KBankUserMappingRepository kbankUserMapping() {
        return kbankUserMapping;
    }

    public KBankOrderRepository kbankOrders() {
        return kbankOrders;
    }

    public QrNotifyRepository qrNotifications() {
        return qrNotifications;
    }

    public CallbackErrorLogRepository callbackErrorLog() {
        return callbackErrorLog;
    }
}
