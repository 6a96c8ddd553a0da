package com.villamarket.payment3.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.testkit.TemplateRoles;
import com.villamarket.payment3.testkit.TemplateTables;
import com.villamarket.payment3.testkit.TemplateTables.Intrinsic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * template.yaml is operable: every function logs as JSON to its own log group with a retention,
 * every function's errors and throttles and every failure destination are alarmed, and every alarm
 * names resources the template has and notifies the alarm topic.
 */
@SuppressWarnings("unchecked")
class OperationsTemplateTest {

    private static final TemplateTables TEMPLATE = TemplateTables.load();
    private static final Map<String, Object> RESOURCES = (Map<String, Object>) TEMPLATE.template().get("Resources");
    private static final Map<String, Object> PARAMETERS = (Map<String, Object>) TEMPLATE.template().get("Parameters");
    private static final Map<String, Map<String, Object>> FUNCTIONS = TEMPLATE.resources("AWS::Serverless::Function");
    private static final Map<String, Map<String, Object>> ALARMS = TEMPLATE.resources("AWS::CloudWatch::Alarm");

    @Test
    void everyFunctionLogsToItsOwnLogGroupNamedAsLambdaNamesItWithTheRetentionParameter() {
        assertEquals(12, FUNCTIONS.size());
        Set<String> groups = new HashSet<>();
        FUNCTIONS.forEach((id, function) -> {
            Map<String, Object> props = properties(function);
            Map<String, Object> logging = (Map<String, Object>) props.get("LoggingConfig");
            assertNotNull(logging, id + " has no LoggingConfig");
            String groupId = refTarget(logging.get("LogGroup"), id + " LoggingConfig.LogGroup");
            Map<String, Object> group = resource(groupId);
            assertEquals("AWS::Logs::LogGroup", group.get("Type"), groupId);
            assertEquals("Retain", group.get("DeletionPolicy"), groupId + " outlives the stack");
            String functionName = (String) ((Intrinsic) props.get("FunctionName")).value();
            assertEquals(new Intrinsic("Sub", "/aws/lambda/" + functionName), properties(group).get("LogGroupName"), groupId);
            assertEquals(new Intrinsic("Ref", "LogRetentionDays"), properties(group).get("RetentionInDays"), groupId);
            assertTrue(groups.add(groupId), groupId + " is shared");
        });
        assertEquals(365, ((Map<String, Object>) PARAMETERS.get("LogRetentionDays")).get("Default"));
    }

    @Test
    void logsAreJsonAndTheLevelFilterKeepsEveryLineOfOursAndTheReportLines() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) TEMPLATE.template().get("Globals"))
                .get("Function");
        assertEquals(Map.of("LogFormat", "JSON", "ApplicationLogLevel", "INFO", "SystemLogLevel", "INFO"),
                globals.get("LoggingConfig"));
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
        for (String id : FUNCTIONS.keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertTrue(ALARMS.values().stream().anyMatch(alarm -> "AWS/Lambda".equals(properties(alarm).get("Namespace"))
                        && metric.equals(properties(alarm).get("MetricName"))
                        && dimension(alarm, "FunctionName").equals(new Intrinsic("Ref", id))), id + " has no " + metric + " alarm");
            }
        }
    }

    @Test
    void everyAsynchronousFunctionsFailureDestinationIsAlarmed() {
        Names names = new Names("dev");
        Set<String> handedOnTo = Set.of(names.processPaidOrderInternalFunction(), names.processPaidOrderFunction(),
                names.kbankCreateUserFunction(), names.kbankAddCardFunction());
        List<String> asynchronous = new ArrayList<>();
        FUNCTIONS.forEach((id, function) -> {
            Map<String, Object> props = properties(function);
            String name = ((String) ((Intrinsic) props.get("FunctionName")).value()).replace("${Branch}", "dev");
            Map<String, Object> invokeConfig = (Map<String, Object>) props.get("EventInvokeConfig");
            if (handedOnTo.contains(name)) {
                assertNotNull(invokeConfig, id + " is invoked asynchronously but has no EventInvokeConfig");
            }
            if (invokeConfig == null) {
                return;
            }
            asynchronous.add(id);
            Map<String, Object> onFailure = (Map<String, Object>) ((Map<String, Object>) invokeConfig.get("DestinationConfig"))
                    .get("OnFailure");
            assertNotNull(onFailure, id + " has no failure destination");
            assertEquals("SQS", onFailure.get("Type"), id);
            Intrinsic arn = (Intrinsic) onFailure.get("Destination");
            assertEquals("GetAtt", arn.name(), id);
            String queue = attributeTarget(arn).get(0);
            assertEquals("AWS::SQS::Queue", resource(queue).get("Type"), queue);
            assertTrue(ALARMS.values().stream().anyMatch(alarm -> "AWS/SQS".equals(properties(alarm).get("Namespace"))
                    && "ApproximateNumberOfMessagesVisible".equals(properties(alarm).get("MetricName"))
                    && dimension(alarm, "QueueName").equals(new Intrinsic("GetAtt", queue + ".QueueName"))
                    && ((Number) properties(alarm).get("Threshold")).intValue() <= 1),
                    id + "'s failure destination " + queue + " has no alarm on its first message");
        });
        assertEquals(4, asynchronous.size(), "the four functions the others hand on to: " + asynchronous);
    }

    @Test
    void everyAlarmNamesResourcesTheTemplateHasAndNotifiesTheAlarmTopic() {
        Object topic = new Intrinsic("If", List.of("CreateAlarmTopic", new Intrinsic("Ref", "AlarmTopic"),
                new Intrinsic("Ref", "AlarmTopicArn")));
        assertEquals(7 + 2 * FUNCTIONS.size(), ALARMS.size());
        Set<String> names = new HashSet<>();
        ALARMS.forEach((id, alarm) -> {
            Map<String, Object> props = properties(alarm);
            assertEquals(List.of(topic), props.get("AlarmActions"), id);
            assertEquals(List.of(topic), props.get("OKActions"), id);
            assertTrue(names.add(String.valueOf(props.get("AlarmName"))), id + "'s name is taken");
            List<Intrinsic> references = new ArrayList<>();
            collect(props, references);
            for (Intrinsic reference : references) {
                if (reference.name().equals("Ref")) {
                    String target = (String) reference.value();
                    assertTrue(RESOURCES.containsKey(target) || PARAMETERS.containsKey(target), id + " names " + target);
                } else if (reference.name().equals("GetAtt")) {
                    String target = attributeTarget(reference).get(0);
                    assertTrue(RESOURCES.containsKey(target), id + " names " + target);
                }
            }
            Object description = props.get("AlarmDescription");
            assertTrue(String.valueOf(description instanceof Intrinsic i ? i.value() : description).contains("README, Operating it"),
                    id + " points the on-call engineer at the runbook");
        });
        assertEquals("AWS::SNS::Topic", resource("AlarmTopic").get("Type"));
        assertEquals("CreateAlarmTopic", resource("AlarmTopic").get("Condition"));
        assertEquals("SubscribeAlarmEmail", resource("AlarmEmailSubscription").get("Condition"));
    }

    @Test
    void theErrorLogAlarmWatchesTheMetricTheErrorLoggerWrites() {
        Map<String, Object> alarm = properties(ALARMS.get("CallbackErrorsAlarm"));
        assertEquals(Metrics.NAMESPACE, alarm.get("Namespace"));
        assertEquals(Metrics.CALLBACK_ERRORS, alarm.get("MetricName"));
        assertEquals(new Intrinsic("Ref", "Branch"), dimension(ALARMS.get("CallbackErrorsAlarm"), "Branch"));
        assertEquals("Sum", alarm.get("Statistic"));
        assertEquals(300, alarm.get("Period"));
        assertEquals(new Intrinsic("Ref", "CallbackErrorAlarmThreshold"), alarm.get("Threshold"));
    }

    @Test
    void oneErrorLogEntryOfADefectOfOursIsAlarmedAtOnce() {
        Map<String, Object> alarm = properties(ALARMS.get("CallbackDefectsAlarm"));
        assertEquals(Metrics.NAMESPACE, alarm.get("Namespace"));
        assertEquals(Metrics.CALLBACK_DEFECTS, alarm.get("MetricName"));
        assertEquals(new Intrinsic("Ref", "Branch"), dimension(ALARMS.get("CallbackDefectsAlarm"), "Branch"));
        assertEquals("Sum", alarm.get("Statistic"));
        assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    }

    @Test
    void oneLostCallbackRecordIsAlarmedAtOnce() {
        Map<String, Object> alarm = properties(ALARMS.get("CallbackRecordsLostAlarm"));
        assertEquals(Metrics.NAMESPACE, alarm.get("Namespace"));
        assertEquals(Metrics.RECORDS_LOST, alarm.get("MetricName"));
        assertEquals(new Intrinsic("Ref", "Branch"), dimension(ALARMS.get("CallbackRecordsLostAlarm"), "Branch"));
        assertEquals("Sum", alarm.get("Statistic"));
        assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    }

    @Test
    void reconciliationIsAlarmedWhenItLeavesPaymentsUnsettledWhenItDoesNotRunAndWhenItFallsBehind() {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) properties(ALARMS.get("ReconcileUnsettledAlarm"))
                .get("Metrics");
        Set<String> watched = new HashSet<>();
        for (Map<String, Object> query : metrics) {
            Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
            if (stat != null) {
                Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                assertEquals(Metrics.NAMESPACE, metric.get("Namespace"));
                assertEquals(List.of(Map.of("Name", "Branch", "Value", new Intrinsic("Ref", "Branch"))), metric.get("Dimensions"));
                watched.add((String) metric.get("MetricName"));
            }
        }
        assertEquals(Set.of(Metrics.RECONCILE_UNSETTLED, Metrics.RECONCILE_REPORTED, Metrics.RECONCILE_ERRORS), watched);

        Map<String, Object> notRun = properties(ALARMS.get("ReconcileNotRunAlarm"));
        assertEquals("Invocations", notRun.get("MetricName"));
        assertEquals(new Intrinsic("Ref", "ReconcileFunction"), dimension(ALARMS.get("ReconcileNotRunAlarm"), "FunctionName"));
        assertEquals("LessThanThreshold", notRun.get("ComparisonOperator"));
        assertEquals("breaching", notRun.get("TreatMissingData"), "no data at all means it did not run");
        assertFalse(((Number) notRun.get("Period")).intValue() < 1800, "longer than two missed runs of the 10-minute schedule");

        Map<String, Object> behind = properties(ALARMS.get("ReconcileBehindAlarm"));
        assertEquals(Metrics.NAMESPACE, behind.get("Namespace"));
        assertEquals(Metrics.RECONCILE_LEFT, behind.get("MetricName"));
        assertEquals(new Intrinsic("Ref", "Branch"), dimension(ALARMS.get("ReconcileBehindAlarm"), "Branch"));
        assertEquals("Minimum", behind.get("Statistic"), "every run of the periods left some, not one after an outage");
        assertEquals(3, behind.get("EvaluationPeriods"));
        assertEquals(3, behind.get("DatapointsToAlarm"));
        assertEquals(0, ((Number) behind.get("Threshold")).intValue());
        assertEquals("GreaterThanThreshold", behind.get("ComparisonOperator"));
        assertEquals("notBreaching", behind.get("TreatMissingData"), "a run that did not happen is reconcile-not-run's");
    }

    @Test
    void everyFunctionThatWritesTheErrorLogMayWriteItsTableAndSendItsEmailAndReplayMayInvokeEveryFunctionItReplays() {
        // The roles as CloudFormation builds them for a stack with a sender (AwsFront enforces the same in every test).
        Map<String, TemplateRoles.Role> roles = TemplateRoles.of(TEMPLATE, Map.of("Branch", "dev", "EmailFrom", "payments@villamarket.com"));
        String errorLog = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + new Names("dev").callbackErrorLogTable();
        String qrPaymentRecords = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + new Names("dev").qrPaymentRecordTable();
        String cardPaymentRecords = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/" + new Names("dev").cardPaymentRecordTable();
        String masterCardPaymentRecords = "arn:aws:dynamodb:ap-southeast-1:000000000000:table/"
                + new Names("dev").masterCardPaymentRecordTable();
        TemplateRoles.Role replay = roles.get("ReplayFunction");
        for (SuiteFunction function : SuiteFunction.values()) {
            TemplateRoles.Role role = roles.get(logicalId(function));
            if (function.writesErrorLog()) {
                for (String action : List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem")) {
                    assertTrue(role.allows(action, errorLog), function + " cannot " + action + " on the callback error log");
                }
                assertTrue(role.allows("ses:SendEmail", "arn:aws:ses:ap-southeast-1:000000000000:identity/payments@villamarket.com"),
                        function + " cannot send the error e-mail");
                assertFalse(role.allows("ses:SendEmail", "arn:aws:ses:ap-southeast-1:000000000000:identity/someone@else.example"),
                        function + " may send as anyone");
            }
            String arn = "arn:aws:lambda:ap-southeast-1:000000000000:function:" + function.deployedName("dev");
            if (function != SuiteFunction.REPLAY && function != SuiteFunction.RECONCILE) {
                assertTrue(replay.allows("lambda:InvokeFunction", arn + ":live"), "replay cannot invoke " + function);
            }
            for (TemplateRoles.Role caller : roles.values()) {
                assertFalse(caller.allows("lambda:InvokeFunction", arn + "-x:live"),
                        caller.logicalId() + " may invoke another branch's " + function + " (an ARN ending in '*')");
                assertFalse(caller.allows("lambda:InvokeFunction", arn), caller.logicalId() + " may invoke " + function + " beside its alias");
            }
        }
        for (TemplateRoles.Role role : roles.values()) {
            assertFalse(role.allows("secretsmanager:GetSecretValue",
                    "arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:kbank-dev-other-AbCdEf"), role.logicalId()
                    + " may read a secret whose name only begins with kbank-dev");
            // Replay scans the error log for its open entries; reconciliation's one-off adoption of the Python
            // stack's payments scans the QR and card payment records. Nothing else scans.
            List<String> scanned = switch (role.logicalId()) {
                case "ReplayFunction" -> List.of(errorLog);
                case "ReconcileFunction" -> List.of(qrPaymentRecords, cardPaymentRecords);
                default -> List.of();
            };
            if (scanned.isEmpty()) {
                assertFalse(role.statements().stream().anyMatch(s -> s.actions().stream().anyMatch(a -> a.endsWith(":Scan"))),
                        role.logicalId() + " may scan, and nothing it runs scans");
            } else {
                for (String other : List.of(errorLog, qrPaymentRecords, cardPaymentRecords)) {
                    assertEquals(scanned.contains(other), role.allows("dynamodb:Scan", other),
                            role.logicalId() + (scanned.contains(other) ? " cannot scan " : " may scan ") + other
                                    + (scanned.contains(other) ? "" : ", which nothing it runs scans"));
                }
                assertFalse(role.allows("dynamodb:Scan", masterCardPaymentRecords), role.logicalId()
                        + " may scan master's card payment records, which nothing it runs scans");
            }
        }
        assertTrue(TemplateRoles.of(TEMPLATE, Map.of()).values().stream().noneMatch(r -> r.allows("ses:SendEmail",
                "arn:aws:ses:ap-southeast-1:000000000000:identity/payments@villamarket.com")), "no sender, no e-mail");
    }

    @Test
    void bothProcessPaidOrderFunctionsMayInvokeExactlyTheShopsPayFunctionAtItsQualifier() {
        String function = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${PayFunctionName}";
        Map<String, Object> statement = Map.of("Sid", "InvokeShopPayFunction", "Effect", "Allow",
                "Action", List.of("lambda:InvokeFunction"), "Resource", new Intrinsic("If", List.of("HasPayFunctionQualifier",
                        new Intrinsic("Sub", function + ":${PayFunctionQualifier}"), new Intrinsic("Sub", function))));
        Intrinsic grant = new Intrinsic("If", List.of("HasPayFunction", Map.of("Statement", List.of(statement)),
                new Intrinsic("Ref", "AWS::NoValue")));
        for (SuiteFunction caller : List.of(SuiteFunction.PROCESS_PAID_ORDER, SuiteFunction.PROCESS_PAID_ORDER_INTERNAL)) {
            List<Map<String, Object>> policies = policies(caller);
            assertTrue(((List<Object>) (List<?>) policies).contains(grant), caller + " cannot invoke the Pay function");
            // SAM's invoke policy would end the ARN in '*': every function whose name begins the same.
            assertFalse(String.valueOf(policies).contains("PayFunctionName}*"), caller + " may invoke more than Pay");
        }
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) TEMPLATE.template().get("Globals")).get("Function");
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) globals.get("Environment")).get("Variables");
        assertEquals(new Intrinsic("Ref", "PayFunctionName"), variables.get("PAY_FUNCTION_NAME"));
        assertEquals(new Intrinsic("Ref", "PayFunctionQualifier"), variables.get("PAY_FUNCTION_QUALIFIER"));
    }

    private static String logicalId(SuiteFunction function) {
        Intrinsic name = new Intrinsic("Sub", function.deployedName("${Branch}"));
        return FUNCTIONS.entrySet().stream().filter(e -> name.equals(properties(e.getValue()).get("FunctionName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no function named " + name.value()));
    }

    private static List<Map<String, Object>> policies(SuiteFunction function) {
        return (List<Map<String, Object>>) properties(FUNCTIONS.get(logicalId(function))).get("Policies");
    }

    private static Map<String, Object> resource(String id) {
        Map<String, Object> resource = (Map<String, Object>) RESOURCES.get(id);
        assertNotNull(resource, "no resource " + id);
        return resource;
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static Object dimension(Map<String, Object> alarm, String name) {
        List<Map<String, Object>> dimensions = (List<Map<String, Object>>) properties(alarm).get("Dimensions");
        if (dimensions == null) {
            return "";
        }
        return dimensions.stream().filter(d -> name.equals(d.get("Name"))).map(d -> d.get("Value")).findFirst().orElse("");
    }

    private static String refTarget(Object value, String where) {
        assertTrue(value instanceof Intrinsic i && i.name().equals("Ref"), where + " is not a !Ref: " + value);
        return (String) ((Intrinsic) value).value();
    }

    /** {@code !GetAtt Queue.Arn} as [Queue, Arn]. */
    private static List<String> attributeTarget(Intrinsic getAtt) {
        Object value = getAtt.value();
        if (value instanceof String s) {
            return List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1));
        }
        return (List<String>) value;
    }

    private static void collect(Object node, List<Intrinsic> into) {
        if (node instanceof Intrinsic intrinsic) {
            into.add(intrinsic);
            collect(intrinsic.value(), into);
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, into));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, into));
        }
    }
}
