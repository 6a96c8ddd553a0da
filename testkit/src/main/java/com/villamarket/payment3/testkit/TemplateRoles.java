package com.villamarket.payment3.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Each function's execution role as CloudFormation builds it from template.yaml for one stack: SAM's policy
 * templates expanded as SAM expands them (the action lists and resource ARNs of SAM's
 * {@code samtranslator/policy_templates_data/policy_templates.json}), inline {@code Statement}s with their
 * {@code !Sub}s, {@code !If}s and {@code !Select}s resolved, and nothing else: a policy this class does not
 * know is refused by name instead of being guessed. SAM's own additions to every role (CloudWatch Logs, the
 * failure destination's {@code sqs:SendMessage}) are used by Lambda itself, never by the suite's code, and
 * are left out.
 */
public final class TemplateRoles {

    /** One Allow statement: the actions and resources it names, IAM's wildcards {@code *} and {@code ?} kept. */
    public record Statement(String sid, List<String> actions, List<String> resources) {

        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }

        /** Whether it allows the action on the resource, as IAM matches them (actions ignore case). */
        public boolean allows(String action, String resource) {
            return actions.stream().anyMatch(a -> glob(a.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches())
                    && resources.stream().anyMatch(r -> glob(r).matcher(resource).matches());
        }
    }

    /**
     * A function's role.
     *
     * @param logicalId    the function's logical id; also the access key id its processes sign with locally
     * @param functionName the deployed name (the role's session name on Lambda)
     * @param roleName     the role's name as CloudFormation names SAM's {@code <LogicalId>Role}
     */
    public record Role(String logicalId, String functionName, String roleName, List<Statement> statements) {

        public Role {
            statements = List.copyOf(statements);
        }

        public boolean allows(String action, String resource) {
            return statements.stream().anyMatch(s -> s.allows(action, resource));
        }

        /** The principal AWS names in a denial: the role's assumed-role session, as Lambda assumes it. */
        public String principal() {
            return "arn:aws:sts::" + TemplateTables.ACCOUNT_ID + ":assumed-role/" + roleName + "/" + functionName;
        }
    }

    /** SAM's policy templates the template uses: actions and resources, {@code ${Parameter}} for its parameters. */
    private record PolicyTemplate(List<String> actions, List<String> resources) {
    }

    private static final String TABLE = "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}";
    private static final Map<String, PolicyTemplate> SAM_TEMPLATES = Map.of(
            "DynamoDBReadPolicy", new PolicyTemplate(
                    List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"),
                    List.of(TABLE, TABLE + "/index/*")),
            "DynamoDBCrudPolicy", new PolicyTemplate(
                    List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
                            "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
                            "dynamodb:ConditionCheckItem"),
                    List.of(TABLE, TABLE + "/index/*")),
            "DynamoDBWritePolicy", new PolicyTemplate(
                    List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
                    List.of(TABLE, TABLE + "/index/*")),
            "LambdaInvokePolicy", new PolicyTemplate(List.of("lambda:InvokeFunction"),
                    List.of("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*")),
            "SNSPublishMessagePolicy", new PolicyTemplate(List.of("sns:Publish"),
                    List.of("arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}")),
            "AWSSecretsManagerGetSecretValuePolicy", new PolicyTemplate(List.of("secretsmanager:GetSecretValue"),
                    List.of("${SecretArn}")),
            "SESCrudPolicy", new PolicyTemplate(
                    List.of("ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"),
                    List.of("arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}")),
            "SESSendBouncePolicy", new PolicyTemplate(List.of("ses:SendBounce"),
                    List.of("arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}")));

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\$\\{([A-Za-z:]+)}");

    private TemplateRoles() {
    }

    /**
     * Every function's role for a stack of this template.
     *
     * @param parameters template parameter values ({@code Branch}, …); the others take their defaults
     * @return by logical id, in the template's order
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Role> of(TemplateTables template, Map<String, String> parameters) {
        TemplateValues values = new TemplateValues(template.template(), parameters, TemplateTables.REGION);
        String stack = "payment3-java-" + values.required(new TemplateTables.Intrinsic("Ref", "Branch"), "Branch");
        Map<String, Role> roles = new LinkedHashMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            String functionName = props.containsKey("FunctionName") ? values.required(props.get("FunctionName"), id) : id;
            List<Statement> statements = new ArrayList<>();
            Object policies = values.evaluate(props.getOrDefault("Policies", List.of())).orElse(List.of());
            for (Object policy : (List<Object>) policies) {
                statements.addAll(statements(id, policy));
            }
            // CloudFormation's name for a role it names: <stack>-<logical id>-<suffix>; the suffix is left out.
            roles.put(id, new Role(id, functionName, stack + "-" + id + "Role", statements));
        });
        return roles;
    }

    @SuppressWarnings("unchecked")
    private static List<Statement> statements(String function, Object policy) {
        if (!(policy instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalArgumentException(function + ": a policy that is not a SAM policy template or an inline"
                    + " Statement is not modelled in a local run: " + policy);
        }
        Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
        if ("Statement".equals(entry.getKey())) {
            List<Statement> out = new ArrayList<>();
            for (Object s : (List<Object>) entry.getValue()) {
                Map<String, Object> statement = (Map<String, Object>) s;
                if (!"Allow".equals(statement.get("Effect")) || statement.containsKey("Condition")
                        || statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                    throw new IllegalArgumentException(function + ": only Allow statements of Action and Resource are modelled: " + s);
                }
                out.add(new Statement(String.valueOf(statement.getOrDefault("Sid", "")), strings(statement.get("Action")),
                        strings(statement.get("Resource"))));
            }
            return out;
        }
        PolicyTemplate sam = SAM_TEMPLATES.get(entry.getKey());
        if (sam == null) {
            throw new IllegalArgumentException(function + ": SAM policy template " + entry.getKey() + " is not modelled here;"
                    + " add its actions and resources from SAM's policy_templates.json");
        }
        Map<String, Object> arguments = (Map<String, Object>) entry.getValue();
        List<String> resources = sam.resources().stream().map(r -> fill(r, arguments, function, entry.getKey())).toList();
        return List.of(new Statement(entry.getKey(), sam.actions(), resources));
    }

    private static String fill(String resource, Map<String, Object> arguments, String function, String template) {
        var m = TEMPLATE_PARAMETER.matcher(resource);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "AWS::Region" -> TemplateTables.REGION;
                case "AWS::AccountId" -> TemplateTables.ACCOUNT_ID;
                default -> {
                    Object argument = arguments.get(name);
                    if (!(argument instanceof String s)) {
                        throw new IllegalArgumentException(function + ": " + template + " needs " + name + ", got " + argument);
                    }
                    yield s;
                }
            };
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return ((List<Object>) list).stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("not a string or a list of strings: " + value);
    }

    /** IAM's wildcards as a regular expression: {@code *} any characters (':' and '/' too), {@code ?} one. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The role of a function by logical id, module or deployed name. */
    public static Optional<Role> find(Map<String, Role> roles, String name) {
        return roles.values().stream().filter(r -> r.logicalId().equals(name) || r.functionName().equals(name)).findFirst();
    }
}
