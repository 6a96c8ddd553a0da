package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.testkit.TemplateRoles.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS's permissions in a local run: one loopback port in front of the local AWS APIs (moto's DynamoDB, a
 * Lambda Invoke API, SES, SNS, Secrets Manager) that knows which function calls, by the access key id of the
 * request's SigV4 {@code Authorization} (each function signs with its logical id,
 * {@link TemplateRoles.Role#logicalId}), and checks every call against that function's role as CloudFormation
 * builds it from template.yaml ({@link TemplateRoles}): the DynamoDB action on the table or index ARN (each
 * table of a batch or transaction), {@code lambda:InvokeFunction} on the function ARN with its qualifier,
 * {@code ses:SendEmail} on the sender's identity, {@code sns:Publish} on the topic,
 * {@code secretsmanager:GetSecretValue} on the secret. An allowed call goes on to the API behind, unchanged; a
 * denied one is answered as that service answers it (DynamoDB and Secrets Manager: 400
 * {@code AccessDeniedException} in their JSON; Lambda: 403 {@code AccessDeniedException}; SNS: 403
 * {@code AuthorizationError}; SES: 403 {@code AccessDenied}, both in the Query protocol's XML), the message
 * naming the principal, the action and the resource as AWS names them. The suite's own seeding and checking
 * signs with {@link MotoDynamoDb#ADMIN_ACCESS_KEY} and is not checked; any other key is refused as AWS refuses
 * an unknown one ({@code UnrecognizedClientException}).
 *
 * <p>The same check is offered to in-process parts that have no HTTP request ({@link #check}), and every
 * call, allowed or not, is kept ({@link #calls}) for the least-privilege table ({@link PermissionsReport}).
 */
public final class AwsFront implements AutoCloseable {

    /** The APIs behind the front. */
    public enum Api { DYNAMODB, LAMBDA, SES, SNS, SECRETS_MANAGER }

    /** One call as checked: the function (logical id), IAM's action and resource, whether the role allowed it. */
    public record Call(String function, String action, String resource, boolean allowed) {
    }

    /** A call the role does not allow: AWS's message. */
    public record Denial(String principal, String action, String resource) {

        /** IAM's sentence, as DynamoDB, Lambda, SNS and Secrets Manager give it. */
        public String message() {
            return "User: " + principal + " is not authorized to perform: " + action + " on resource: " + resource
                    + " because no identity-based policy allows the " + action + " action";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final String INVOCATIONS = "/2015-03-31/functions/";
    private static final Set<String> UNFORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final Map<String, Role> roles;
    private final Map<Api, URI> upstreams = new ConcurrentHashMap<>();
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;

    private final String branch;

    private AwsFront(Map<String, Role> roles, String branch) throws IOException {
        this.roles = Map.copyOf(roles);
        this.branch = branch;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aws-front");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(threads).build();
        this.server = LoopbackHttpServer.create(0, 64);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
        PermissionsReport.register(this);
    }

    /**
     * A front for these roles (by logical id, as {@link TemplateRoles#of} gives them) with no API behind it
     * yet ({@link #route}).
     *
     * @param branch the stack's branch, which the least-privilege table writes as {@code {branch}}
     */
    public static AwsFront start(Map<String, Role> roles, String branch) {
        try {
            return new AwsFront(roles, branch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS permissions front", e);
        }
    }

    /** Sends the allowed calls of an API to this endpoint from now on. */
    public AwsFront route(Api api, URI endpoint) {
        upstreams.put(api, endpoint);
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The stack's branch. */
    public String branch() {
        return branch;
    }

    /** The roles checked, by logical id. */
    public Map<String, Role> roles() {
        return roles;
    }

    /**
     * Checks a call made without HTTP (an in-process invoker, mailer or topic) as a request signed by the
     * function would be checked, and keeps it.
     *
     * @param accessKeyId the function's logical id, or {@link MotoDynamoDb#ADMIN_ACCESS_KEY}
     * @return the denial; empty when allowed
     * @throws IllegalArgumentException for a key that names no function (a wiring mistake of the test)
     */
    public Optional<Denial> check(String accessKeyId, String action, String resource) {
        if (MotoDynamoDb.ADMIN_ACCESS_KEY.equals(accessKeyId)) {
            return Optional.empty();
        }
        Role role = roles.get(accessKeyId);
        if (role == null) {
            throw new IllegalArgumentException("no function of template.yaml has the logical id " + accessKeyId);
        }
        boolean allowed = role.allows(action, resource);
        calls.add(new Call(role.logicalId(), action, resource, allowed));
        return allowed ? Optional.empty() : Optional.of(new Denial(role.principal(), action, resource));
    }

    /** A call made without HTTP that the function's role does not allow, with AWS's message. */
    public static final class AccessDeniedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccessDeniedException(Denial denial) {
            super(denial.message() + " (Status Code: 4xx; Error Code: AccessDeniedException)");
        }
    }

    /**
     * {@link #check} for in-process parts: throws when the role does not allow the call.
     *
     * @throws AccessDeniedException with AWS's message
     */
    public void require(String accessKeyId, String action, String resource) {
        check(accessKeyId, action, resource).ifPresent(denial -> {
            throw new AccessDeniedException(denial);
        });
    }

    /** {@link #require} of {@code lambda:InvokeFunction} on a function at a qualifier (an alias; empty for none). */
    public void requireInvoke(String caller, String functionName, Optional<String> qualifier) {
        require(caller, "lambda:InvokeFunction", functionArn(functionName, qualifier));
    }

    /** {@link #require} of {@code ses:SendEmail} as a sender's identity. */
    public void requireSendEmail(String caller, String sender) {
        require(caller, "ses:SendEmail", sesIdentityArn(sender));
    }

    /** {@link #require} of {@code sns:Publish} on a topic. */
    public void requirePublish(String caller, String topicArn) {
        require(caller, "sns:Publish", topicArn);
    }

    /** Every distinct call checked so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The ARN of a function, at a qualifier when there is one: what {@code lambda:InvokeFunction} is checked on. */
    public static String functionArn(String name, Optional<String> qualifier) {
        String[] parts = name.split(":");
        if (parts.length >= 7 && "function".equals(parts[5])) {
            return name;
        }
        String base = "arn:aws:lambda:" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID + ":function:" + name;
        return qualifier.filter(q -> !q.isEmpty()).map(q -> base + ":" + q).orElse(base);
    }

    /** The identity ARN {@code ses:SendEmail} is checked on: the sender's address as SES's identity. */
    public static String sesIdentityArn(String sender) {
        String address = sender;
        Matcher angle = Pattern.compile("<([^>]+)>").matcher(sender);
        if (angle.find()) {
            address = angle.group(1);
        }
        return "arn:aws:ses:" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID + ":identity/" + address.strip();
    }

    /** The ARN of a secret named by name or ARN, with the six random characters Secrets Manager appends to a name. */
    public static String secretArn(String secretId) {
        return secretId.startsWith("arn:") ? secretId
                : "arn:aws:secretsmanager:" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID + ":secret:" + secretId + "-AbCdEf";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // --- HTTP ---------------------------------------------------------------------------------------

    /** What one request asks for, as IAM sees it. */
    private record Asked(Api api, List<String[]> checks) {
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            Matcher key = ACCESS_KEY.matcher(authorization);
            String accessKeyId = "";
            String scope = "";
            if (key.find()) {
                accessKeyId = key.group(1);
                scope = key.group(2);
            }
            Asked asked;
            try {
                asked = asked(exchange, body, scope);
            } catch (RuntimeException e) {
                answer(exchange, 400, "text/plain", Map.of(), "the AWS permissions front cannot read this request: " + e);
                return;
            }
            if (!MotoDynamoDb.ADMIN_ACCESS_KEY.equals(accessKeyId)) {
                Role role = roles.get(accessKeyId);
                if (role == null) {
                    unrecognized(exchange, asked.api(), accessKeyId);
                    return;
                }
                for (String[] check : asked.checks()) {
                    Optional<Denial> denial = check(accessKeyId, check[0], check[1]);
                    if (denial.isPresent()) {
                        deny(exchange, asked.api(), denial.get(), check.length > 2 ? check[2] : check[1]);
                        return;
                    }
                }
            }
            URI upstream = upstreams.get(asked.api());
            if (upstream == null) {
                answer(exchange, 404, "text/plain", Map.of(), "no local " + asked.api() + " API behind the AWS permissions front");
                return;
            }
            forward(exchange, upstream, body);
        }
    }

    private Asked asked(HttpExchange exchange, byte[] body, String scope) throws IOException {
        String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        String path = exchange.getRequestURI().getRawPath();
        if (target.startsWith("DynamoDB_20120810.")) {
            return new Asked(Api.DYNAMODB, dynamoDbChecks(target.substring(target.indexOf('.') + 1), JSON.readTree(body)));
        }
        if (target.startsWith("secretsmanager.")) {
            String action = "secretsmanager:" + target.substring(target.indexOf('.') + 1);
            String secretId = JSON.readTree(body).path("SecretId").asText();
            return new Asked(Api.SECRETS_MANAGER, List.<String[]>of(new String[] {action, secretArn(secretId), secretId}));
        }
        if (path.startsWith(INVOCATIONS)) {
            String name = URLDecoder.decode(path.substring(INVOCATIONS.length(), path.lastIndexOf("/invocations")),
                    StandardCharsets.UTF_8);
            Optional<String> qualifier = query(exchange.getRequestURI().getRawQuery()).entrySet().stream()
                    .filter(e -> e.getKey().equals("Qualifier")).map(Map.Entry::getValue).findFirst();
            return new Asked(Api.LAMBDA, List.<String[]>of(new String[] {"lambda:InvokeFunction", functionArn(name, qualifier)}));
        }
        Map<String, String> form = query(new String(body, StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        if ("sns".equals(scope)) {
            String topic = form.getOrDefault("TopicArn", form.getOrDefault("TargetArn", ""));
            return new Asked(Api.SNS, List.<String[]>of(new String[] {"sns:" + action, topic}));
        }
        if ("ses".equals(scope) || "email".equals(scope)) {
            return new Asked(Api.SES, List.<String[]>of(new String[] {"ses:" + action, sesIdentityArn(form.getOrDefault("Source", ""))}));
        }
        throw new IllegalArgumentException("not a DynamoDB, Lambda, SES, SNS or Secrets Manager call (scope '" + scope + "')");
    }

    /** The action and resource of each table a DynamoDB call touches, as IAM authorizes it. */
    private static List<String[]> dynamoDbChecks(String operation, JsonNode request) {
        List<String[]> checks = new ArrayList<>();
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> request.path("RequestItems").fieldNames()
                    .forEachRemaining(table -> checks.add(new String[] {"dynamodb:" + operation, tableArn(table, null)}));
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : request.path("TransactItems")) {
                    Iterator<Map.Entry<String, JsonNode>> kinds = item.fields();
                    while (kinds.hasNext()) {
                        Map.Entry<String, JsonNode> kind = kinds.next();
                        String action = switch (kind.getKey()) {
                            case "Put" -> "PutItem";
                            case "Update" -> "UpdateItem";
                            case "Delete" -> "DeleteItem";
                            case "ConditionCheck" -> "ConditionCheckItem";
                            case "Get" -> "GetItem";
                            default -> throw new IllegalArgumentException("a transaction item " + kind.getKey());
                        };
                        checks.add(new String[] {"dynamodb:" + action, tableArn(kind.getValue().path("TableName").asText(), null)});
                    }
                }
            }
            case "ListTables" -> checks.add(new String[] {"dynamodb:ListTables", "*"});
            default -> checks.add(new String[] {"dynamodb:" + operation,
                    tableArn(request.path("TableName").asText(), request.path("IndexName").asText(null))});
        }
        return checks;
    }

    private static String tableArn(String table, String index) {
        String arn = table.startsWith("arn:") ? table
                : "arn:aws:dynamodb:" + TemplateTables.REGION + ":" + TemplateTables.ACCOUNT_ID + ":table/" + table;
        return index == null ? arn : arn + "/index/" + index;
    }

    private static Map<String, String> query(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    private void forward(HttpExchange exchange, URI upstream, byte[] body) throws IOException {
        URI uri = upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("date") && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        }
    }

    private static void deny(HttpExchange exchange, Api api, Denial denial, String resourceAsNamed) throws IOException {
        String requestId = UUID.randomUUID().toString();
        switch (api) {
            case DYNAMODB -> json(exchange, 400, "application/x-amz-json-1.0", requestId,
                    "com.amazon.coral.service#AccessDeniedException", "Message", denial.message());
            case SECRETS_MANAGER -> json(exchange, 400, "application/x-amz-json-1.1", requestId, "AccessDeniedException", "Message",
                    new Denial(denial.principal(), denial.action(), resourceAsNamed).message());
            case LAMBDA -> {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
                ObjectNode error = JSON.createObjectNode().put("Type", "User").put("Message", denial.message());
                answer(exchange, 403, "application/json", Map.of("x-amzn-RequestId", requestId), JSON.writeValueAsString(error));
            }
            case SNS -> answer(exchange, 403, "text/xml", Map.of("x-amzn-RequestId", requestId),
                    queryError("http://sns.amazonaws.com/doc/2010-03-31/", "AuthorizationError",
                            new Denial(denial.principal(), "SNS:" + denial.action().substring(4), denial.resource()).message(), requestId));
            case SES -> answer(exchange, 403, "text/xml", Map.of("x-amzn-RequestId", requestId),
                    queryError("http://ses.amazonaws.com/doc/2010-12-01/", "AccessDenied", "User `" + denial.principal()
                            + "' is not authorized to perform `" + denial.action() + "' on resource `" + denial.resource() + "'", requestId));
        }
    }

    private static void unrecognized(HttpExchange exchange, Api api, String accessKeyId) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String message = "The security token included in the request is invalid. (the AWS permissions front knows the"
                + " access key ids of template.yaml's functions and " + MotoDynamoDb.ADMIN_ACCESS_KEY + "; this one is '"
                + accessKeyId + "')";
        switch (api) {
            case DYNAMODB -> json(exchange, 400, "application/x-amz-json-1.0", requestId,
                    "com.amazon.coral.service#UnrecognizedClientException", "message", message);
            case SECRETS_MANAGER -> json(exchange, 400, "application/x-amz-json-1.1", requestId, "UnrecognizedClientException",
                    "message", message);
            case LAMBDA -> {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "UnrecognizedClientException");
                answer(exchange, 403, "application/json", Map.of("x-amzn-RequestId", requestId),
                        JSON.writeValueAsString(JSON.createObjectNode().put("Type", "User").put("message", message)));
            }
            case SNS -> answer(exchange, 403, "text/xml", Map.of(), queryError("http://sns.amazonaws.com/doc/2010-03-31/",
                    "InvalidClientTokenId", message, requestId));
            case SES -> answer(exchange, 403, "text/xml", Map.of(), queryError("http://ses.amazonaws.com/doc/2010-12-01/",
                    "InvalidClientTokenId", message, requestId));
        }
    }

    private static void json(HttpExchange exchange, int status, String contentType, String requestId, String type,
            String messageField, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("__type", type).put(messageField, message);
        answer(exchange, status, contentType, Map.of("x-amzn-RequestId", requestId), JSON.writeValueAsString(error));
    }

    private static String queryError(String namespace, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + xml(message) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void answer(HttpExchange exchange, int status, String contentType, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
