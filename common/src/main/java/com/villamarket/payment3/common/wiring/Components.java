package com.villamarket.payment3.common.wiring;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.aws.Lazy;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.SentrySettings;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The parts every function is built from, made once per container. The production parts come from
 * {@link #fromEnvironment()}; tests give local ones (DynamoDB Local, a KBank stub, a mocked SES).
 *
 * <p>KBank's credentials are read on first use, so that a missing secret is answered and logged
 * with the event that met it instead of failing the container's start.
 */
public final class Components {

    private final Config config;
    private final Clock clock;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbEnhancedClient enhanced;
    private final Mailer mailer;
    private final HttpTransport http;
    private final Supplier<KBankClient> kbank;
    private final ErrorLogger errorLogger;

    public Components(Config config, Clock clock, DynamoDbClient dynamoDb, Mailer mailer,
            Supplier<KBankCredentials> credentials, HttpTransport http) {
        this.config = config;
        this.clock = clock;
        this.dynamoDb = dynamoDb;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        this.mailer = mailer;
        this.http = http;
        this.kbank = Lazy.of(() -> new KBankClient(http, credentials.get(), config.kbankConnectTimeout(),
                config.kbankReadTimeout()));
        this.errorLogger = new ErrorLogger(
                new CallbackErrorLogRepository(enhanced, config.names().callbackErrorLogTable()),
                mailer, config.errorEmailTo(), SentrySettings.from(config), config.branch(), clock);
    }

    /**
     * The production parts over the container's SDK clients ({@code new AwsClients(Config.fromEnvironment())},
     * which throws {@link ConfigException} naming a bad setting).
     */
    public static Components production(AwsClients aws) {
        Config config = aws.config();
        Components components = new Components(config, Clock.systemUTC(), aws.dynamoDb(),
                new SesMailer(aws.ses(), config.emailFrom()),
                Lazy.of(() -> KBankSecrets.load(config, aws.secretsManager())), new UrlConnectionTransport());
        // SnapStart: warm the code paths before the snapshot (a no-op without CRaC).
        com.villamarket.payment3.common.snapstart.Priming.register(components);
        return components;
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

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public Mailer mailer() {
        return mailer;
    }

    public HttpTransport http() {
        return http;
    }

    public ErrorLogger errorLogger() {
        return errorLogger;
    }

    /** The KBank client; reads the credentials on the first call and throws {@link ConfigException} when it cannot. */
    public KBankClient kbank() {
        return kbank.get();
    }

    /** A charge verifier (QR or card inquiry) whose KBank client is made on first use. */
    public ChargeVerifier chargeVerifier(ChargeVerifier.Kind kind) {
        return new ChargeVerifier(kind, this::kbank, config.amountTolerance());
    }

    public OrderRepository orders() {
        return new OrderRepository(dynamoDb, config.orderTable());
    }

    public QrPaymentRecordRepository qrPaymentRecords() {
        return new QrPaymentRecordRepository(dynamoDb, enhanced, names().qrPaymentRecordTable());
    }

    public QrCallbackRecordRepository qrCallbackRecords() {
        return new QrCallbackRecordRepository(enhanced, names().qrCallbackRecordTable());
    }

    public ProcessPaidOrderLogRepository processPaidOrderLog() {
        return new ProcessPaidOrderLogRepository(enhanced, names().processPaidOrderTable());
    }

    public CheckStatusRepository checkStatus() {
        return new CheckStatusRepository(enhanced, names().checkStatusTable());
    }

    public CardPaymentRecordRepository cardPaymentRecords() {
        return new CardPaymentRecordRepository(dynamoDb, enhanced, names().cardPaymentRecordTable());
    }

    /** The master branch's card payment records, where the card callback looks second; empty on master itself. */
    public Optional<CardPaymentRecordRepository> masterCardPaymentRecords() {
        if ("master".equals(config.branch())) {
            return Optional.empty();
        }
        return Optional.of(new CardPaymentRecordRepository(dynamoDb, enhanced, names().masterCardPaymentRecordTable()));
    }

    public CreditCardNotifyRepository creditCardNotify() {
        return new CreditCardNotifyRepository(enhanced, names().creditCardNotifyTable());
    }

    public KBankUserMappingRepository kbankUserMapping() {
        return new KBankUserMappingRepository(dynamoDb, names().kbankUserMappingTable());
    }

    public com.villamarket.payment3.common.persistence.KBankOrderRepository kbankOrders() {
        return new com.villamarket.payment3.common.persistence.KBankOrderRepository(dynamoDb, names().kbankOrderTable());
    }

    public com.villamarket.payment3.common.persistence.QrNotifyRepository qrNotifications() {
        return new com.villamarket.payment3.common.persistence.QrNotifyRepository(dynamoDb, names().qrNotifyTable());
    }

    public CallbackErrorLogRepository callbackErrorLog() {
        return new CallbackErrorLogRepository(enhanced, names().callbackErrorLogTable());
    }
}
