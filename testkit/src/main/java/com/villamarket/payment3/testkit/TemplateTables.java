package com.villamarket.payment3.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * What {@code template.yaml} defines, read for local runs: its DynamoDB tables turned into create-table
 * requests, and its functions' configurations, so that the tests and the local stack run on exactly the
 * keys, indexes, handlers and settings that are deployed.
 */
public final class TemplateTables {

    /** The region a local run deploys to, as samconfig.toml does. */
    public static final String REGION = "ap-southeast-1";
    /** The account a local run pretends to be in. */
    public static final String ACCOUNT_ID = TemplateValues.ACCOUNT_ID;

    private final Map<String, Object> template;
    private final Path baseDir;

    private TemplateTables(Map<String, Object> template, Path baseDir) {
        this.template = template;
        this.baseDir = baseDir;
    }

    /** Reads the repository's template.yaml. */
    public static TemplateTables load() {
        return parse(RepoFiles.read("template.yaml"), RepoFiles.root());
    }

    /** Reads a template's text; CloudFormation's short tags (!Sub, !Ref, …) become {@link Intrinsic}s. */
    public static TemplateTables parse(String yaml) {
        return parse(yaml, Path.of("").toAbsolutePath());
    }

    /** Reads a template's text whose {@code CodeUri}s are relative to {@code baseDir}. */
    @SuppressWarnings("unchecked")
    public static TemplateTables parse(String yaml, Path baseDir) {
        Yaml parser = new Yaml(new CfnConstructor(new LoaderOptions()));
        return new TemplateTables((Map<String, Object>) parser.load(yaml), baseDir);
    }

    /**
     * A function as Lambda would be configured for a stack of this template: {@code CodeUri}, {@code Handler},
     * {@code Timeout} and {@code MemorySize} (the function's, else Globals', else Lambda's defaults of 3 s and
     * 128 MB), and Globals' environment variables merged with the function's own.
     *
     * @param logicalId  the function's logical id, its module or its deployed name
     * @param parameters template parameter values, as {@code sam deploy --parameter-overrides} gives them;
     *                   parameters left out take their defaults
     */
    @SuppressWarnings("unchecked")
    public FunctionConfiguration configuration(String logicalId, Map<String, String> parameters) {
        TemplateValues values = new TemplateValues(template, parameters, REGION);
        String id = logicalIdOf(logicalId, values);
        Map<String, Object> props = (Map<String, Object>) resources("AWS::Serverless::Function").get(id).get("Properties");
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.getOrDefault("Globals", Map.of()))
                .getOrDefault("Function", Map.of());
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> level : List.of(globals, props)) {
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) level.getOrDefault("Environment", Map.of()))
                    .getOrDefault("Variables", Map.of());
            variables.forEach((name, value) -> values.resolve(value).ifPresentOrElse(
                    v -> environment.put(name, v), () -> environment.remove(name)));
        }
        String functionName = props.containsKey("FunctionName") ? values.required(props.get("FunctionName"), id + ".FunctionName") : id;
        return new FunctionConfiguration(id, functionName,
                baseDir.resolve(values.required(props.get("CodeUri"), id + ".CodeUri")).normalize(),
                values.required(props.get("Handler"), id + ".Handler"),
                values.required(props.getOrDefault("Runtime", globals.get("Runtime")), id + ".Runtime"),
                Duration.ofSeconds(Long.parseLong(values.required(props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)),
                        id + ".Timeout"))),
                Integer.parseInt(values.required(props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)),
                        id + ".MemorySize")),
                environment);
    }

    /** The logical id of a function named by logical id, module ({@code qr-callback}) or deployed name. */
    @SuppressWarnings("unchecked")
    private String logicalIdOf(String name, TemplateValues values) {
        Map<String, Map<String, Object>> functions = resources("AWS::Serverless::Function");
        if (functions.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Map<String, Object> props = (Map<String, Object>) f.getValue().get("Properties");
            String codeUri = String.valueOf(props.get("CodeUri"));
            if (codeUri.startsWith(name + "/") || (props.containsKey("FunctionName")
                    && name.equals(values.resolve(props.get("FunctionName")).orElse(null)))) {
                return f.getKey();
            }
        }
        throw new IllegalArgumentException("template.yaml has no function " + name + " (logical id, module or name)");
    }

    /** A CloudFormation intrinsic function as written in the template. */
    public record Intrinsic(String name, Object value) {
    }

    /** The template's resources of a type, by logical id. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        resources.forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (type.equals(resource.get("Type"))) {
                out.put(id, resource);
            }
        });
        return out;
    }

    /** The properties of the function deployed from a module's artifact (its CodeUri starts with {@code module/}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> functionOfModule(String module) {
        return resources("AWS::Serverless::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("CodeUri")).startsWith(module + "/"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml deploys no function from " + module));
    }

    /** An API event of a function: HTTP method (upper case) and path. */
    public record Route(String method, String path) {
    }

    /**
     * A function of the template as a branch deploys it.
     *
     * @param handlerClass the handler's class name, without {@code ::handleRequest}
     * @param module       the Maven module whose artifact {@code CodeUri} names
     */
    public record FunctionDef(String logicalId, String functionName, String handlerClass, String module,
            List<Route> routes) {
    }

    /** Every AWS::Serverless::Function with its name for {@code branch} and its API events. */
    @SuppressWarnings("unchecked")
    public List<FunctionDef> functions(String branch) {
        List<FunctionDef> out = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            String handler = String.valueOf(props.get("Handler"));
            String codeUri = String.valueOf(props.get("CodeUri"));
            List<Route> routes = new ArrayList<>();
            Map<String, Object> events = (Map<String, Object>) props.get("Events");
            if (events != null) {
                events.values().forEach(e -> {
                    Map<String, Object> event = (Map<String, Object>) e;
                    if ("Api".equals(event.get("Type"))) {
                        Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                        routes.add(new Route(String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT),
                                String.valueOf(p.get("Path"))));
                    }
                });
            }
            out.add(new FunctionDef(id, resolve(props.get("FunctionName"), branch),
                    handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler,
                    codeUri.contains("/") ? codeUri.substring(0, codeUri.indexOf('/')) : codeUri, List.copyOf(routes)));
        });
        return out;
    }

    /** The whole parsed template. */
    public Map<String, Object> template() {
        return template;
    }

    /** Create-table requests for every AWS::DynamoDB::Table, with {@code ${Branch}} set to {@code branch}. */
    @SuppressWarnings("unchecked")
    public List<CreateTableRequest> createTableRequests(String branch) {
        List<CreateTableRequest> requests = new ArrayList<>();
        // Table names as CloudFormation makes them: !Sub over the branch and the other parameters' defaults.
        TemplateValues names = new TemplateValues(template, Map.of("Branch", branch), REGION);
        for (Map<String, Object> resource : resources("AWS::DynamoDB::Table").values()) {
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            CreateTableRequest.Builder request = CreateTableRequest.builder()
                    .tableName(names.required(props.get("TableName"), "TableName"))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(((List<Map<String, Object>>) props.get("AttributeDefinitions")).stream()
                            .map(a -> AttributeDefinition.builder()
                                    .attributeName((String) a.get("AttributeName"))
                                    .attributeType((String) a.get("AttributeType")).build())
                            .toList())
                    .keySchema(keys((List<Map<String, Object>>) props.get("KeySchema")));
            List<Map<String, Object>> gsis = (List<Map<String, Object>>) props.get("GlobalSecondaryIndexes");
            if (gsis != null) {
                request.globalSecondaryIndexes(gsis.stream().map(g -> GlobalSecondaryIndex.builder()
                        .indexName((String) g.get("IndexName"))
                        .keySchema(keys((List<Map<String, Object>>) g.get("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType((String) ((Map<String, Object>) g.get("Projection")).get("ProjectionType"))
                                .build())
                        .build()).toList());
            }
            requests.add(request.build());
        }
        return requests;
    }

    /** Creates every template table (and waits for none: moto's DynamoDB creates them at once). */
    public void createAll(DynamoDbClient dynamoDb, String branch) {
        for (CreateTableRequest request : createTableRequests(branch)) {
            dynamoDb.createTable(request);
        }
    }

    /** The order table is the web shop's, not the template's: hash key orderId, as the shop defines it. */
    public static void createOrderTable(DynamoDbClient dynamoDb, String tableName) {
        dynamoDb.createTable(r -> r.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("orderId").attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName("orderId").keyType("HASH").build()));
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }

    private static String resolve(Object value, String branch) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Intrinsic i && i.name().equals("Sub") && i.value() instanceof String s) {
            return s.replace("${Branch}", branch);
        }
        throw new IllegalStateException("cannot resolve " + value);
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            for (String name : List.of("Ref", "Sub", "GetAtt", "If", "Equals", "Not", "And", "Or", "Join", "Select",
                    "Split", "FindInMap", "ImportValue", "Condition", "GetAZs", "Base64", "Cidr")) {
                this.yamlConstructors.put(new Tag("!" + name), new IntrinsicConstruct(name));
            }
        }

        private final class IntrinsicConstruct extends AbstractConstruct {
            private final String name;

            IntrinsicConstruct(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                if (node instanceof ScalarNode scalar) {
                    return new Intrinsic(name, constructScalar(scalar));
                }
                if (node instanceof SequenceNode sequence) {
                    return new Intrinsic(name, constructSequence(sequence));
                }
                return new Intrinsic(name, constructMapping((MappingNode) node));
            }
        }
    }
}
