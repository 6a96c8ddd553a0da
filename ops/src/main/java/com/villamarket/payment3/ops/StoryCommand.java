package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.secrets.SecretsManagerApi;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code story <orderId | chargeId>}: prints the story of an order or a charge, in time order, and its
 * verdict, read-only, from a branch's stack on AWS (the default credential chain) or from DynamoDB
 * Local ({@code --endpoint}, and {@code ./run-local story}).
 *
 * <pre>
 * story ID --branch B [--region R] [--order-table T] [--endpoint URL] [--kbank] [--json]
 *          [--zone Asia/Bangkok] [--error-log-scan-limit 100000]
 * </pre>
 */
public final class StoryCommand {

    /** How many error log entries a story reads at most, unless --error-log-scan-limit says otherwise. */
    public static final long DEFAULT_ERROR_LOG_SCAN_LIMIT = 100_000;

    /**
     * How long a payment may wait (3-D Secure, KBank's settlement) before the worklist lists it: an hour, when
     * reconciliation reports it too.
     */
    public static final long DEFAULT_STUCK_AFTER_MINUTES = 60;

    /**
     * What the command assumes where an option is not given.
     *
     * @param branch   the branch; null to require {@code --branch}
     * @param endpoint the DynamoDB endpoint; null for AWS's
     * @param commands the replay and reconcile commands to print; null for the branch's AWS CLI commands
     * @param program  how the usage text names the program
     */
    public record Defaults(String branch, URI endpoint, Commands commands, String program) {

        /** A branch's stack on AWS: {@code --branch} required. */
        public static Defaults aws() {
            return new Defaults(null, null, null, "java -jar payment3-ops.jar");
        }
    }

    /** The options of one run. */
    private record Options(String id, String branch, String region, String orderTable, URI endpoint, boolean kbank,
            boolean json, ZoneId zone, long errorLogScanLimit, Duration stuckAfter, int max) {
    }

    private StoryCommand() {
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        String program = "java -jar payment3-ops.jar";
        if (rest.isEmpty() || !List.of("story", "worklist").contains(rest.get(0))) {
            boolean help = !rest.isEmpty() && List.of("--help", "-h", "help").contains(rest.get(0));
            (help ? System.out : System.err).println(usage(program) + "\n" + worklistUsage(program));
            System.exit(help ? 0 : 2);
        }
        String command = rest.remove(0);
        System.exit("story".equals(command) ? run(rest, Defaults.aws(), System.getenv(), System.out, System.err)
                : worklist(rest, Defaults.aws(), System.getenv(), System.out, System.err));
    }

    /**
     * Runs {@code story} with these arguments (after the word {@code story}).
     *
     * @param env the process environment: AWS_REGION, ORDER_TABLE_NAME, and KBank's keys for --kbank
     *            (KBANK_SECRET_KEY, BASE_URL, MID, KBANK_SECRET_NAME), as the functions read them
     * @return the exit code: 0 told, 1 failed, 2 bad arguments
     */
    public static int run(List<String> args, Defaults defaults, Map<String, String> env, PrintStream out, PrintStream err) {
        return run("story", args, defaults, env, out, err);
    }

    /**
     * Runs {@code worklist} with these arguments (after the word {@code worklist}): every payment that needs
     * a person, oldest first, each with its verdict and what settles it.
     *
     * @return the exit code: 0 told, 1 failed, 2 bad arguments
     */
    public static int worklist(List<String> args, Defaults defaults, Map<String, String> env, PrintStream out,
            PrintStream err) {
        return run("worklist", args, defaults, env, out, err);
    }

    private static int run(String command, List<String> args, Defaults defaults, Map<String, String> env, PrintStream out,
            PrintStream err) {
        boolean isStory = "story".equals(command);
        if (args.contains("--help") || args.contains("-h")) {
            out.println(isStory ? usage(defaults.program()) : worklistUsage(defaults.program()));
            return 0;
        }
        Options options;
        Config config;
        try {
            options = parse(args, defaults, env, isStory);
            config = config(options, env);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println(command + ": " + e.getMessage());
            err.println(isStory ? usage(defaults.program()) : worklistUsage(defaults.program()));
            return 2;
        }
        try (SdkHttpClient http = UrlConnectionHttpClient.create();
                DynamoDbClient dynamoDb = ReadOnlyDynamoDb.over(dynamoDb(options, http))) {
            Optional<KBankInquiries> kbank = options.kbank() ? Optional.of(kbank(config, options, http)) : Optional.empty();
            Commands commands = defaults.commands() != null ? defaults.commands() : Commands.aws(config.names());
            OrderStories.Tables tables = OrderStories.Tables.of(dynamoDb, config.names(), config.orderTable());
            OrderStories stories = new OrderStories(tables, new OrderStories.Settings(kbank, options.errorLogScanLimit(),
                    options.zone()), commands, Clock.systemUTC());
            if (isStory) {
                Story story = stories.of(options.id());
                out.print(options.json() ? StoryJson.render(story, options.zone()) + "\n" : StoryText.render(story, options.zone()));
            } else {
                Worklist.Result list = new Worklist(tables, stories, commands, options.stuckAfter(), options.max(),
                        Clock.systemUTC()).build();
                out.print(options.json() ? Json.write(WorklistViews.json(list, options.zone())) + "\n"
                        : WorklistViews.text(list, options.zone()));
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ConfigException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (ResourceNotFoundException e) {
            err.println(command + ": " + missingTables(options, config) + " (is --branch right?)");
            return 1;
        } catch (SdkClientException e) {
            err.println(command + ": DynamoDB did not answer at " + (options.endpoint() == null ? "AWS, region "
                    + options.region() : options.endpoint()) + " (" + e.getMessage() + ")"
                    + (options.endpoint() != null ? ": is the stack running?" : ""));
            return 1;
        } catch (SdkException e) {
            err.println(command + ": DynamoDB could not be read (" + e.getClass().getSimpleName() + "): " + e.getMessage());
            return 1;
        }
    }

    private static Options parse(List<String> args, Defaults defaults, Map<String, String> env, boolean needsId) {
        String id = null;
        String branch = defaults.branch();
        String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", Config.DEFAULT_REGION));
        String orderTable = env.getOrDefault("ORDER_TABLE_NAME", Config.DEFAULT_ORDER_TABLE);
        URI endpoint = defaults.endpoint();
        boolean kbank = false;
        boolean json = false;
        ZoneId zone = Pages.SHOP_ZONE;
        long limit = DEFAULT_ERROR_LOG_SCAN_LIMIT;
        long stuckAfterMinutes = DEFAULT_STUCK_AFTER_MINUTES;
        long max = Worklist.DEFAULT_MAX_ITEMS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--kbank" -> kbank = true;
                case "--json" -> json = true;
                case "--branch" -> branch = value(args, ++i, arg);
                case "--region" -> region = value(args, ++i, arg);
                case "--order-table" -> orderTable = value(args, ++i, arg);
                case "--endpoint" -> endpoint = uri(value(args, ++i, arg));
                case "--zone" -> zone = zone(value(args, ++i, arg));
                case "--error-log-scan-limit" -> limit = positive(value(args, ++i, arg), arg);
                case "--stuck-after-minutes" -> {
                    if (needsId) {
                        throw new IllegalArgumentException("unknown argument " + arg);
                    }
                    stuckAfterMinutes = positive(value(args, ++i, arg), arg);
                }
                case "--max" -> {
                    if (needsId) {
                        throw new IllegalArgumentException("unknown argument " + arg);
                    }
                    max = Math.min(positive(value(args, ++i, arg), arg), 10_000);
                }
                default -> {
                    if (arg.startsWith("--") || id != null || !needsId) {
                        throw new IllegalArgumentException("unknown argument " + arg);
                    }
                    id = arg;
                }
            }
        }
        if (id == null && needsId) {
            throw new IllegalArgumentException("give an order id or a charge id (chrg_…)");
        }
        if (branch == null) {
            throw new IllegalArgumentException("--branch is required (the stack's branch, for example master)");
        }
        return new Options(id, branch, region, orderTable, endpoint, kbank, json, zone, limit,
                Duration.ofMinutes(stuckAfterMinutes), (int) max);
    }

    /** The suite's settings for this branch, as the functions would read them; KBank's keys from the same variables. */
    private static Config config(Options options, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        settings.put("BRANCH", options.branch());
        settings.put("AWS_REGION", options.region());
        settings.put("ORDER_TABLE_NAME", options.orderTable());
        if (options.endpoint() != null) {
            settings.put("DYNAMODB_ENDPOINT", options.endpoint().toString());
        }
        for (String name : List.of("KBANK_SECRET_NAME", "KBANK_SECRET_KEY", "BASE_URL", "MID",
                "KBANK_CONNECT_TIMEOUT_MS", "KBANK_READ_TIMEOUT_MS")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                settings.put(name, value);
            }
        }
        return Config.from(settings);
    }

    /** Which of the tables a story reads do not exist (DynamoDB's own message names none). */
    private static String missingTables(Options options, Config config) {
        var names = config.names();
        List<String> missing = new ArrayList<>();
        try (SdkHttpClient http = UrlConnectionHttpClient.create();
                DynamoDbClient dynamoDb = ReadOnlyDynamoDb.over(dynamoDb(options, http))) {
            for (String table : List.of(config.orderTable(), names.qrCallbackRecordTable(), names.qrPaymentRecordTable(),
                    names.cardPaymentRecordTable(), names.creditCardNotifyTable(), names.processPaidOrderTable(),
                    names.checkStatusTable(), names.callbackErrorLogTable(), names.kbankOrderTable(), names.qrNotifyTable())) {
                try {
                    dynamoDb.describeTable(r -> r.tableName(table));
                } catch (ResourceNotFoundException e) {
                    missing.add(table);
                }
            }
        } catch (SdkException e) {
            return "a table does not exist (" + e.getMessage() + ")";
        }
        return missing.isEmpty() ? "a table does not exist" : (missing.size() == 1 ? "no table " : "no tables ")
                + String.join(", ", missing) + (options.endpoint() == null ? " in region " + options.region()
                        : " at " + options.endpoint());
    }

    private static DynamoDbClient dynamoDb(Options options, SdkHttpClient http) {
        // moto's DynamoDB takes any key; AWS gets the operator's own, from the default chain (profile, SSO, env, role).
        AwsCredentialsProvider credentials = options.endpoint() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        var builder = DynamoDbClient.builder().httpClient(http).region(Region.of(options.region())).credentialsProvider(credentials);
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        return builder.build();
    }

    /** KBank's inquiries with the keys the functions of this branch use: the variables, else the branch's secret. */
    private static KBankInquiries kbank(Config config, Options options, SdkHttpClient http) {
        // Secrets Manager with the operator's own credentials (the default chain), only when the variables have no keys.
        KBankCredentials credentials = KBankSecrets.load(config, () -> new SecretsManagerApi(SecretsManagerClient.builder()
                .httpClient(http).region(Region.of(options.region())).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build()));
        return KBankInquiries.over(new UrlConnectionTransport(), credentials, config.kbankConnectTimeout(),
                config.kbankReadTimeout());
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static URI uri(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("--endpoint must be a URL such as http://127.0.0.1:8000");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint must be a URL such as http://127.0.0.1:8000");
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone must be a time zone such as Asia/Bangkok");
        }
    }

    private static long positive(String text, String option) {
        try {
            long value = Long.parseLong(text);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive whole number");
        }
    }

    /** The worklist's usage text, after the command that starts it. */
    public static String worklistUsage(String command) {
        return String.join("\n",
                "usage: " + command + " worklist --branch B [--region R] [--order-table T] [--endpoint URL] [--kbank] [--json]",
                "       [--zone Asia/Bangkok] [--stuck-after-minutes " + DEFAULT_STUCK_AFTER_MINUTES + "] [--max "
                        + Worklist.DEFAULT_MAX_ITEMS + "]",
                "Every payment that needs a person, oldest first: needs a refund, the customer paid for an unpaid order,",
                "a report failed on our side, waiting longer than --stuck-after-minutes, an open defect of ours. Each with",
                "its verdict (as the story tells it) and what settles it. Read-only; --kbank asks KBank for each candidate.");
    }

    /** The usage text, after the command that starts it. */
    public static String usage(String command) {
        return String.join("\n",
                "usage: " + command + " story <orderId | chargeId> --branch B [--region R] [--order-table T]",
                "       [--endpoint URL] [--kbank] [--json] [--zone Asia/Bangkok] [--error-log-scan-limit "
                        + DEFAULT_ERROR_LOG_SCAN_LIMIT + "]",
                "Read-only. AWS credentials: the default chain (profile, SSO, environment, role). --kbank asks KBank's",
                "inquiries with the branch's keys (KBANK_SECRET_KEY and BASE_URL, else Secrets Manager).");
    }
}
