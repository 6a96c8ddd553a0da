package com.villamarket.payment3.common.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API handler's last resort, over moto's DynamoDB: a failure that escapes a service is logged with
 * the raw event, written to the callback error log (replayable, alarmed, e-mailed) and answered cleanly. The handler
 * is the QR callback's, over its parts (its role enforced); the entries are read back with the admin key.
 */
@LocalSuiteTest
class ApiHandlerTest {

    private static final Pattern REFERENCE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static Components callback;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        test = components;
        c = test.admin();
        callback = test.as("QRCallbackFunction");
    }

    private static ApiHandler failing(ErrorLogger errors) {
        return new ApiHandler(SuiteFunction.QR_CALLBACK, errors, event -> {
            throw new IllegalStateException("a bug in the service <script>");
        }) { };
    }

    /** The handler's answer to the event; what it logged meanwhile is kept in {@code log}. */
    private static String run(ApiHandler handler, String event, CapturedLog log) {
        try (log) {
            return Handlers.invoke(handler, event);
        }
    }

    @Test
    void aFailureOutsideTheServiceIsLoggedWrittenToTheErrorLogAndAnsweredWithACleanPageQuotingIt() {
        CapturedLog log = CapturedLog.start();
        String event = "{\"body\":\"orderId=1&lastResort=yes\"}";
        JsonNode response = Json.parse(run(failing(callback.platform().errorLogger()), event, log));

        assertEquals(500, response.path("statusCode").asInt());
        String page = response.path("body").asText();
        assertFalse(page.contains("IllegalStateException"), page);
        assertFalse(page.contains("<script>"), page);
        String lines = log.text();
        assertTrue(lines.contains("lastResort=yes"), "the raw event is in the log: " + lines);
        assertTrue(lines.contains("\"requestId\""), "the line carries Lambda's request id: " + lines);

        Matcher reference = REFERENCE.matcher(page);
        assertTrue(reference.find(), "the page quotes the error log entry: " + page);
        CallbackError entry = c.tables().callbackErrorLog().find(reference.group()).orElseThrow();
        assertEquals("qrcallback", entry.functionName(), "replay sends it back to the QR callback once fixed");
        assertEquals("INTERNAL", entry.errorType());
        assertEquals(event, entry.rawEvent());
        assertTrue(entry.error().contains("a bug in the service"), entry.error());
        assertTrue(test.mailSubjects().stream().anyMatch(s -> s.contains("qrcallback failed")), test.mailSubjects().toString());
    }

    @Test
    void aPendingPaymentThatEscapesItsServiceIsA202PageAndNoErrorLogEntry() {
        int entries = c.tables().callbackErrorLog().scanAll().size();
        int mails = test.mailSubjects().size();
        ApiHandler pending = new ApiHandler(SuiteFunction.QR_CALLBACK, callback.platform().errorLogger(), event -> {
            throw new PaymentPendingException("KBank has not settled charge chrg_test_api yet");
        }) { };

        JsonNode response = Json.parse(run(pending, "{\"body\":\"orderId=2\"}", CapturedLog.start()));

        assertEquals(202, response.path("statusCode").asInt(), "a payment not settled yet is no defect of ours");
        assertTrue(response.path("body").asText().contains("Payment being confirmed"), response.path("body").asText());
        assertEquals(entries, c.tables().callbackErrorLog().scanAll().size(), "nothing failed: no error log entry");
        assertEquals(mails, test.mailSubjects().size(), "and no e-mail");
    }

    @Test
    void anEventThatIsNotEvenJsonIsStillRecordedWhole() {
        String page = Json.parse(run(failing(callback.platform().errorLogger()), "not json at all", CapturedLog.start()))
                .path("body").asText();

        Matcher reference = REFERENCE.matcher(page);
        assertTrue(reference.find(), page);
        assertEquals("not json at all", c.tables().callbackErrorLog().find(reference.group()).orElseThrow().rawEvent());
    }

    @Test
    void aBrokenTableAndABrokenMailServiceStillGiveACleanPageAndTheRawEventIsInTheLog() {
        // An error logger over a table that does not exist: DynamoDB refuses every write; SES refuses too.
        ErrorLogger broken = new ErrorLogger(new CallbackErrorLogRepository(suite.dynamoDb(), "no-such-table"),
                (to, subject, text) -> {
                    throw new IllegalStateException("SES is down");
                }, List.of("oncall@x.example"), Optional.empty(), "test", c.platform().clock());
        CapturedLog log = CapturedLog.start();

        JsonNode response = Json.parse(run(failing(broken), "{\"body\":\"orderId=2&kept=yes\"}", log));

        assertEquals(500, response.path("statusCode").asInt());
        assertFalse(response.path("body").asText().contains("IllegalStateException"));
        assertTrue(log.text().contains("kept=yes"));
    }

    @Test
    void whenTheErrorLoggerItselfFailsTheAnswerIsStillACleanPageQuotingTheRequestId() {
        // The error logger catches RuntimeExceptions of its parts; a class that will not load escapes it.
        ErrorLogger failing = new ErrorLogger(callback.tables().callbackErrorLog(), (to, subject, text) -> {
            throw new NoClassDefFoundError("simulated: a class missing from the package");
        }, List.of("oncall@x.example"), Optional.empty(), "test", c.platform().clock());
        CapturedLog log = CapturedLog.start();

        JsonNode response = Json.parse(run(failing(failing), "{\"body\":\"orderId=3&fallback=yes\"}", log));

        assertEquals(500, response.path("statusCode").asInt());
        String page = response.path("body").asText();
        String lines = log.text();
        Matcher reference = REFERENCE.matcher(page);
        assertTrue(reference.find(), page);
        assertTrue(lines.contains("\"requestId\":\"" + reference.group() + "\""), "the page quotes Lambda's request id: " + lines);
        assertTrue(lines.contains("the last resort could not log the failure"), lines);
        assertTrue(lines.contains("fallback=yes"), lines);
    }

    @Test
    void anErrorOfTheJvmIsLoggedWithTheRawEventAndGivenToTheRuntime() {
        ApiHandler handler = new ApiHandler(SuiteFunction.QR_CALLBACK, callback.platform().errorLogger(), event -> {
            throw new ExceptionInInitializerError("simulated");
        }) { };
        CapturedLog log = CapturedLog.start();

        assertThrows(ExceptionInInitializerError.class, () -> run(handler, "{\"body\":\"orderId=4&jvm=yes\"}", log));

        String lines = log.text();
        assertTrue(lines.contains("jvm=yes") && lines.contains("raw event follows"), lines);
    }

    @Test
    void everyLineOfARequestCarriesLambdasRequestIdAndNoneAfterIt() {
        CapturedLog log = CapturedLog.start();
        ApiHandler handler = new ApiHandler(SuiteFunction.QR_CALLBACK, callback.platform().errorLogger(), event -> {
            Log.info("inside");
            return ApiResponses.json(200, Json.object().put("body", event.body()));
        }) { };
        JsonNode answer = Json.parse(run(handler, "{\"body\":\"x\"}", log));
        assertTrue(log.text().contains("\"requestId\""));
        assertEquals(null, Log.requestId(), "unbound once the request is answered");
        assertEquals(200, answer.path("statusCode").asInt());
    }
}
