package com.villamarket.payment3.common.config;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suite's settings, read and checked once per container from the environment: a bad value stops the
 * container at start-up, and no accessor parses anything.
 *
 * <p>Only {@code BRANCH} is required; every other setting has the Python stack's default or is
 * optional. Nothing here is secret: KBank's keys are read by {@code KBankSecrets}.
 */
public final class Config {

    public static final String DEFAULT_REGION = "ap-southeast-1";
    public static final String DEFAULT_ORDER_TABLE = Names.DEFAULT_ORDER_TABLE;
    public static final String DEFAULT_THANK_YOU_URL = "https://shop.villamarket.com/thankyou";

    private static final Pattern BRANCH_SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern FUNCTION_NAME_SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern QUALIFIER_SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TABLE_NAME_SHAPE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s,]+@[^@\\s,]+");

    private final Map<String, String> env;
    private final Names names;
    private final String region;
    private final URI thankYouUrl;
    private final Duration kbankConnectTimeout;
    private final Duration kbankReadTimeout;
    private final Duration reconcileMinAge;
    private final Duration reconcileAbandonAfter;
    private final Duration reconcileTimeBudget;
    private final Duration sentryFlushTimeout;
    private final String kbankSecretName;
    private final Optional<String> emailFrom;
    private final List<String> errorEmailTo;
    private final List<String> notificationEmailTo;
    private final Optional<URI> dynamoDbEndpoint;
    private final Optional<PayFunction> payFunction;
    private final Set<String> callbackAllowedHosts;
    private final AwsCredentialsSource awsCredentialsSource;
    private final Optional<String> notificationTopicArn;
    private final Optional<String> sentryDsn;
    private final Optional<String> functionAlias;
    private final Optional<String> qrPartnerId;
    private final Optional<String> kbankSecretKey;
    private final Optional<String> kbankBaseUrl;
    private final Optional<String> kbankMerchantId;

    private Config(Map<String, String> env) {
        this.env = Map.copyOf(env);
        String branch = required("BRANCH");
        if (!BRANCH_SHAPE.matcher(branch).matches()) {
            throw new ConfigException("BRANCH must be lower-case letters, digits and '-' (at most 40), got an invalid value");
        }
        Names defaults = new Names(branch);
        this.names = new Names(branch, optional("ORDER_TABLE_NAME").orElse(DEFAULT_ORDER_TABLE),
                tableName("CREDIT_CARD_NOTIFY_TABLE_NAME").orElse(defaults.creditCardNotifyTable()),
                tableName("KBANK_USER_MAPPING_TABLE_NAME").orElse(defaults.kbankUserMappingTable()));
        this.region = optional("AWS_REGION").orElse(DEFAULT_REGION);
        this.thankYouUrl = httpUrl("THANK_YOU_URL", optional("THANK_YOU_URL").orElse(DEFAULT_THANK_YOU_URL));
        this.kbankConnectTimeout = duration("KBANK_CONNECT_TIMEOUT_MS", ChronoUnit.MILLIS, 3_000, 25_000,
                " (API Gateway stops at 29 s)");
        this.kbankReadTimeout = duration("KBANK_READ_TIMEOUT_MS", ChronoUnit.MILLIS, 10_000, 25_000,
                " (API Gateway stops at 29 s)");
        this.reconcileMinAge = duration("RECONCILE_MIN_AGE_MINUTES", ChronoUnit.MINUTES, 15, 1440, "");
        this.reconcileAbandonAfter = duration("RECONCILE_ABANDON_AFTER_HOURS", ChronoUnit.HOURS, 24, 720, "");
        this.reconcileTimeBudget = duration("RECONCILE_TIME_BUDGET_SECONDS", ChronoUnit.SECONDS, 120, 240,
                " (the reconcile function stops at 300 s)");
        this.sentryFlushTimeout = duration("SENTRY_FLUSH_TIMEOUT_MS", ChronoUnit.MILLIS, 1_000, 5_000, "");
        optional("BASE_URL").ifPresent(url -> httpUrl("BASE_URL", url));
        this.dynamoDbEndpoint = optional("DYNAMODB_ENDPOINT").map(url -> httpUrl("DYNAMODB_ENDPOINT", url));
        this.kbankSecretName = optional("KBANK_SECRET_NAME").orElse(names.kbankSecret());
        this.errorEmailTo = emails("ERROR_EMAIL_TO");
        this.notificationEmailTo = emails("NOTIFICATION_EMAIL_TO");
        optional("EMAIL_FROM").ifPresent(from -> emails("EMAIL_FROM"));
        this.emailFrom = optional("EMAIL_FROM");
        this.payFunction = optional("PAY_FUNCTION_NAME").map(name -> new PayFunction(name, optional("PAY_FUNCTION_QUALIFIER")));
        if (payFunction.isEmpty() && optional("PAY_FUNCTION_QUALIFIER").isPresent()) {
            throw new ConfigException("PAY_FUNCTION_QUALIFIER is set without PAY_FUNCTION_NAME");
        }
        this.callbackAllowedHosts = optional("CALLBACK_ALLOWED_HOSTS")
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                        .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of(thankYouUrl.getHost().toLowerCase(Locale.ROOT)));
        this.notificationTopicArn = optional("NOTIFICATION_TOPIC_ARN");
        this.sentryDsn = optional("SENTRY_DSN");
        this.functionAlias = optional("FUNCTION_ALIAS");
        this.qrPartnerId = optional("QR_PARTNER_ID");
        this.kbankSecretKey = optional("KBANK_SECRET_KEY");
        this.kbankBaseUrl = optional("BASE_URL");
        this.kbankMerchantId = optional("MID");
        this.awsCredentialsSource = optional("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()
                || optional("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent() ? AwsCredentialsSource.CONTAINER
                : optional("AWS_ACCESS_KEY_ID").isPresent() ? AwsCredentialsSource.ENVIRONMENT : AwsCredentialsSource.LOCAL;
    }

    /** Reads the settings from the process environment. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the settings from the given variables; throws {@link ConfigException} naming a missing or bad one. */
    public static Config from(Map<String, String> env) {
        return new Config(env);
    }

    public Names names() {
        return names;
    }

    public String branch() {
        return names.branch();
    }

    public String region() {
        return region;
    }

    /** The shop's order table: {@link Names#orderTable()}. */
    public String orderTable() {
        return names.orderTable();
    }

    /** Where a customer is sent after a callback ({@code THANK_YOU_URL}). */
    public URI thankYouUrl() {
        return thankYouUrl;
    }

    public Duration kbankConnectTimeout() {
        return kbankConnectTimeout;
    }

    public Duration kbankReadTimeout() {
        return kbankReadTimeout;
    }

    /** The KBank secret's name ({@code KBANK_SECRET_NAME}, default by branch). */
    public String kbankSecretName() {
        return kbankSecretName;
    }

    /** Sender address of every e-mail ({@code EMAIL_FROM}); empty when e-mail is not configured. */
    public Optional<String> emailFrom() {
        return emailFrom;
    }

    /** Who receives callback error e-mails ({@code ERROR_EMAIL_TO}, comma-separated). */
    public List<String> errorEmailTo() {
        return errorEmailTo;
    }

    /** Who receives paid/failed order notifications ({@code NOTIFICATION_EMAIL_TO}, comma-separated). */
    public List<String> notificationEmailTo() {
        return notificationEmailTo;
    }

    /** SNS topic for order notifications ({@code NOTIFICATION_TOPIC_ARN}), optional. */
    public Optional<String> notificationTopicArn() {
        return notificationTopicArn;
    }

    /** Sentry DSN ({@code SENTRY_DSN}), optional. */
    public Optional<String> sentryDsn() {
        return sentryDsn;
    }

    /**
     * The longest a request waits for Sentry to take an error report ({@code SENTRY_FLUSH_TIMEOUT_MS},
     * default 1000, at most 5000): the error log table and the e-mail are written before, whatever Sentry does.
     */
    public Duration sentryFlushTimeout() {
        return sentryFlushTimeout;
    }

    /** An endpoint override for DynamoDB ({@code DYNAMODB_ENDPOINT}), for DynamoDB Local. */
    public Optional<URI> dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /**
     * The alias the suite's functions invoke each other through ({@code FUNCTION_ALIAS}, {@code live}
     * in the template, where SnapStart applies); empty to invoke {@code $LATEST}.
     */
    public Optional<String> functionAlias() {
        return functionAlias;
    }

    /** The credit-card notify table: {@link Names#creditCardNotifyTable()}. */
    public String creditCardNotifyTable() {
        return names.creditCardNotifyTable();
    }

    /** The KBank user-mapping table: {@link Names#kbankUserMappingTable()}. */
    public String kbankUserMappingTable() {
        return names.kbankUserMappingTable();
    }

    /**
     * The shop's Pay function, which ProcessPaidOrder and ProcessPaidOrderInternal hand every paid order
     * to ({@code PAY_FUNCTION_NAME}), invoked with {@code PAY_FUNCTION_QUALIFIER} (a version or alias of
     * the shop's, never this suite's {@code FUNCTION_ALIAS}) or unqualified; empty when none is configured.
     */
    public Optional<PayFunction> payFunction() {
        return payFunction;
    }

    /**
     * The shop's Pay function as configured.
     *
     * @param qualifier the version or alias to invoke; empty for the unqualified function ({@code $LATEST})
     */
    public record PayFunction(String name, Optional<String> qualifier) {

        public PayFunction {
            if (!FUNCTION_NAME_SHAPE.matcher(name).matches()) {
                throw new ConfigException("PAY_FUNCTION_NAME must be a Lambda function name (letters, digits, '-', '_',"
                        + " at most 64), got an invalid value");
            }
            if (qualifier.isPresent() && !QUALIFIER_SHAPE.matcher(qualifier.get()).matches()) {
                throw new ConfigException("PAY_FUNCTION_QUALIFIER must be a version or alias name (letters, digits,"
                        + " '-', '_', at most 128), got an invalid value");
            }
        }
    }

    /**
     * Hosts a card payment's callback URL may send the customer to ({@code CALLBACK_ALLOWED_HOSTS},
     * comma-separated, default the thank-you URL's host); any other callback URL is replaced by the thank-you URL.
     */
    public Set<String> callbackAllowedHosts() {
        return callbackAllowedHosts;
    }

    /** KBank's partner id for this shop ({@code QR_PARTNER_ID}), checked on every QR notification; empty when unset. */
    public Optional<String> qrPartnerId() {
        return qrPartnerId;
    }

    /**
     * How long an unsettled payment waits before reconciliation asks KBank about it
     * ({@code RECONCILE_MIN_AGE_MINUTES}, default 15, 1 to 1440).
     */
    public Duration reconcileMinAge() {
        return reconcileMinAge;
    }

    /**
     * How old a payment KBank never finished (no charge on a KBank QR order, a charge still pending or
     * Pre-Authorized) must be before reconciliation settles it as {@code EXPIRED}, without a report
     * ({@code RECONCILE_ABANDON_AFTER_HOURS}, default 24, 1 to 720).
     */
    public Duration reconcileAbandonAfter() {
        return reconcileAbandonAfter;
    }

    /**
     * How long one reconciliation run may work before it stops and reports what it left
     * ({@code RECONCILE_TIME_BUDGET_SECONDS}, default 120, 1 to 240; less when Lambda says less time is left).
     */
    public Duration reconcileTimeBudget() {
        return reconcileTimeBudget;
    }

    /** KBank's secret key from {@code KBANK_SECRET_KEY}, which takes precedence over the secret's; empty when unset. */
    public Optional<String> kbankSecretKey() {
        return kbankSecretKey;
    }

    /** KBank's API base URL from {@code BASE_URL}, which takes precedence over the secret's; empty when unset. */
    public Optional<String> kbankBaseUrl() {
        return kbankBaseUrl;
    }

    /** KBank's merchant id from {@code MID}, which takes precedence over the secret's; empty when unset. */
    public Optional<String> kbankMerchantId() {
        return kbankMerchantId;
    }

    /** Where the AWS SDK's credentials come from in this process. */
    public enum AwsCredentialsSource {
        /** Lambda's container credentials endpoint (SnapStart provides one). */
        CONTAINER,
        /** {@code AWS_ACCESS_KEY_ID} and its companions, as Lambda sets them. */
        ENVIRONMENT,
        /** Neither: a local run against DynamoDB Local, where any key will do. */
        LOCAL
    }

    /** Where the AWS SDK's credentials come from, without the default chain's probing. */
    public AwsCredentialsSource awsCredentialsSource() {
        return awsCredentialsSource;
    }

    /** Any variable, trimmed; empty when unset or blank. */
    private Optional<String> optional(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** A variable that must be set; throws {@link ConfigException} naming it otherwise. */
    private String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException("missing required setting " + name));
    }

    private List<String> emails(String name) {
        List<String> list = optional(name)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        for (String address : list) {
            if (!EMAIL_SHAPE.matcher(address).matches()) {
                throw new ConfigException(name + " holds something that is not an e-mail address");
            }
        }
        return list;
    }

    /** A DynamoDB table name setting, which when set has DynamoDB's shape (3 to 255 of letters, digits, '_', '-', '.'). */
    private Optional<String> tableName(String name) {
        Optional<String> value = optional(name);
        value.filter(v -> !TABLE_NAME_SHAPE.matcher(v).matches()).ifPresent(v -> {
            throw new ConfigException(name + " must be a DynamoDB table name (3 to 255 letters, digits, '_', '-', '.'),"
                    + " got an invalid value");
        });
        return value;
    }

    private static URI httpUrl(String name, String value) {
        try {
            URI uri = new URI(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(name + " must be an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " must be an http(s) URL");
        }
    }

    /**
     * A whole number of {@code unit}s from 1 to {@code max}; {@code fallback} when unset.
     *
     * @param why appended to the message of a value out of range
     */
    private Duration duration(String name, ChronoUnit unit, long fallback, long max, String why) {
        String word = switch (unit) {
            case HOURS -> "hours";
            case MINUTES -> "minutes";
            case SECONDS -> "seconds";
            default -> "milliseconds";
        };
        String value = optional(name).orElse(null);
        if (value == null) {
            return Duration.of(fallback, unit);
        }
        long amount;
        try {
            amount = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number of " + word);
        }
        if (amount < 1 || amount > max) {
            throw new ConfigException(name + " must be between 1 and " + max + " " + word + why);
        }
        return Duration.of(amount, unit);
    }
}
