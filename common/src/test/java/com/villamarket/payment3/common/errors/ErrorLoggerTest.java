package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.mail.SendEmail;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.testing.CapturedLog;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * The error logger over the callback error log, written as the QR callback (its role enforced: every entry here is
 * a qrcallback one) and read back with the admin key.
 */
@LocalSuiteTest
class ErrorLoggerTest {

    /**
     * The flush timeout where the Sentry stub answers: flush returns as soon as the envelope is sent, so a generous
     * bound costs nothing, and a loaded machine (Sentry's first use loads its SDK) never makes the test miss a send.
     */
    private static final long ANSWERED_FLUSH_MILLIS = 30_000;


    private static final ErrorLogger.Entry FAILURE = new ErrorLogger.Entry("qrcallback", ReceivedId.of("002500048744"),
            ReceivedId.of("chrg_test_e1"), "KBank has no such charge", "UNKNOWN_CHARGE", "{\"body\":\"orderId=002500048744\"}", null);

    private static LocalSuite suite;
    /** The table as the QR callback writes it. */
    private static CallbackErrorLogRepository written;
    /** The table read back. */
    private static CallbackErrorLogRepository table;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents components) {
        suite = localSuite;
        written = components.as("QRCallbackFunction").tables().callbackErrorLog();
        table = components.admin().tables().callbackErrorLog();
    }

    @Test
    void writesTheTableWithTheRawEventAndSendsAnEmail() {
        SendEmail ses = mock(SendEmail.class);
        ErrorLogger logger = new ErrorLogger(written, new SesMailer(() -> ses, Optional.of("from@x.example")),
                List.of("oncall@x.example"), Optional.empty(), "dev", Clock.systemUTC());

        String id = logger.log(FAILURE);

        CallbackError stored = table.find(id).orElseThrow();
        assertEquals("qrcallback", stored.functionName());
        assertEquals("{\"body\":\"orderId=002500048744\"}", stored.rawEvent());
        assertEquals("KBank has no such charge", stored.error());
        ArgumentCaptor<String> subject = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> text = ArgumentCaptor.forClass(String.class);
        verify(ses).sendEmail(eq("from@x.example"), eq(List.of("oncall@x.example")), subject.capture(), text.capture());
        assertTrue(text.getValue().contains("orderId=002500048744"));
        assertTrue(subject.getValue().contains("002500048744"));
    }

    @Test
    void noRecipientsMeansNoEmail() {
        SendEmail ses = mock(SendEmail.class);
        new ErrorLogger(written, new SesMailer(() -> ses, Optional.of("from@x.example")), List.of(), Optional.empty(), "dev",
                Clock.systemUTC()).log(FAILURE);
        verify(ses, never()).sendEmail(any(), any(), any(), any());
    }

    @Test
    void aFailingMailServiceDoesNotStopTheTableWrite() {
        SendEmail ses = mock(SendEmail.class);
        doThrow(new IllegalStateException("SES down")).when(ses).sendEmail(any(), any(), any(), any());
        String id = new ErrorLogger(written, new SesMailer(() -> ses, Optional.of("f@x.example")), List.of("t@x.example"),
                Optional.empty(), "dev", Clock.systemUTC()).log(FAILURE);
        assertTrue(table.find(id).isPresent());
    }

    @Test
    void aFailingTableDoesNotStopTheEmailNorThrow() {
        SendEmail ses = mock(SendEmail.class);
        CallbackErrorLogRepository missing = new CallbackErrorLogRepository(suite.dynamoDb(), "no-such-table");
        new ErrorLogger(missing, new SesMailer(() -> ses, Optional.of("f@x.example")), List.of("t@x.example"),
                Optional.empty(), "dev", Clock.systemUTC()).log(FAILURE);
        verify(ses).sendEmail(any(), any(), any(), any());
    }

    @Test
    void reportsTheExceptionWithItsStackTraceTagsReleaseAndEnvironmentToSentry() {
        try (SentryStub sentry = new SentryStub()) {
            ErrorLogger logger = new ErrorLogger(written, (to, subject, text) -> { }, List.of(),
                    Optional.of(settings(sentry.dsn(), ANSWERED_FLUSH_MILLIS)), "dev", Clock.systemUTC());

            String id = logger.log(FAILURE, new IllegalStateException("DynamoDB throttled the write"));

            assertEquals(1, sentry.envelopes().size());
            SentryStub.Envelope envelope = sentry.envelopes().get(0);
            assertEquals("/api/42/envelope/", envelope.path());
            assertTrue(envelope.auth().contains("sentry_key=publickey123"), envelope.auth());
            JsonNode event = envelope.event();
            JsonNode exception = event.path("exception").path("values").get(0);
            assertEquals("IllegalStateException", exception.path("type").asText());
            assertEquals("java.lang", exception.path("module").asText());
            assertEquals("DynamoDB throttled the write", exception.path("value").asText());
            assertTrue(exception.path("stacktrace").path("frames").size() > 0, "the stack trace arrives");
            JsonNode tags = event.path("tags");
            assertEquals("qrcallback", tags.path("function").asText());
            assertEquals("002500048744", tags.path("orderId").asText());
            assertEquals("chrg_test_e1", tags.path("chargeId").asText());
            assertEquals(id, tags.path("errorId").asText());
            assertEquals("dev", tags.path("branch").asText());
            assertEquals("dev", event.path("environment").asText());
            assertEquals(SentrySettings.thisBuildsRelease(), event.path("release").asText());
            assertTrue(event.path("release").asText().matches("payment3-java@\\d+\\.\\d+\\.\\d+.*"), event.path("release").asText());
            assertFalse(envelope.text().contains("orderId=002500048744"), "the raw event stays out of Sentry");
            assertFalse(event.has("server_name"), "no host name is sent");
        }
    }

    @Test
    void anAsynchronousFunctionsFailureGoesToSentryWithItsStackTraceAndIsStillThrownForLambdasRetries() throws Exception {
        try (SentryStub sentry = new SentryStub()) {
            List<String> mails = new CopyOnWriteArrayList<>();
            ErrorLogger logger = new ErrorLogger(written, (to, subject, text) -> mails.add(subject), List.of("oncall@x.example"),
                    Optional.of(settings(sentry.dsn(), ANSWERED_FLUSH_MILLIS)), "dev", Clock.systemUTC());
            AsyncHandler handler = new AsyncHandler(SuiteFunction.PROCESS_PAID_ORDER_INTERNAL, logger, raw -> {
                throw new IllegalStateException("the order table refused the paid write");
            }) { };

            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> handler.handleRequest(
                    new ByteArrayInputStream("{\"orderId\":\"002500048744\"}".getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext("async")));

            assertEquals("the order table refused the paid write", thrown.getMessage(), "the original error, unchanged");
            JsonNode event = sentry.envelopes().get(0).event();
            JsonNode exception = event.path("exception").path("values").get(0);
            assertEquals("IllegalStateException", exception.path("type").asText());
            assertTrue(exception.path("stacktrace").path("frames").size() > 0, "the stack trace arrives");
            assertEquals("process-paid-order-internal", event.path("tags").path("function").asText());
            assertEquals("dev", event.path("tags").path("branch").asText());
            assertTrue(mails.isEmpty(), "no e-mail per attempt: the failure destination's alarm tells a person");
        }
    }

    @Test
    void sendsARefusalWithoutAnExceptionAsAnEventOfItsErrorTypeGroupedByFunctionAndType() {
        try (SentryStub sentry = new SentryStub()) {
            new ErrorLogger(written, (to, subject, text) -> { }, List.of(), Optional.of(settings(sentry.dsn(), ANSWERED_FLUSH_MILLIS)),
                    "dev", Clock.systemUTC()).log(FAILURE);

            JsonNode event = sentry.envelopes().get(0).event();
            JsonNode exception = event.path("exception").path("values").get(0);
            assertEquals("UNKNOWN_CHARGE", exception.path("type").asText());
            assertEquals("KBank has no such charge", exception.path("value").asText());
            assertEquals("[\"qrcallback\",\"UNKNOWN_CHARGE\"]", event.path("fingerprint").toString());
            assertEquals("UNKNOWN_CHARGE", event.path("tags").path("errorType").asText());
        }
    }

    /**
     * Sentry's report is bounded by its flush timeout (300 ms here): without the bound the answer would wait for a
     * server that never answers, for ever, and the test's own timeout (a hang guard, far above any bound) fails it.
     * How long the bound takes is not asserted: speed is the benchmark's to measure.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSentryThatNeverAnswersDoesNotHoldTheFailureAndHidesNothing() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> mails = new CopyOnWriteArrayList<>();
            ErrorLogger logger = new ErrorLogger(written, (to, subject, text) -> mails.add(subject), List.of("t@x.example"),
                    Optional.of(settings("http://k@127.0.0.1:" + silent.getLocalPort() + "/1", 300)), "dev",
                    Clock.systemUTC());
            LoggedErrorPages pages = new LoggedErrorPages(logger, "qrcallback", "Payment could not be confirmed");

            APIGatewayProxyResponseEvent page = pages.answer(ApiGatewayEvent.parse("{\"body\":\"orderId=002500048744\"}"),
                    ReceivedId.of("002500048744"), null, Map.of(), new KBankException.Unavailable("KBank timed out",
                            new SocketTimeoutException("read timed out")));

            assertEquals(503, (int) page.getStatusCode());
            assertEquals(1, mails.size(), "the e-mail went out");
            String errorId = table.scanAll().stream().filter(e -> e.error() != null && e.error().contains("KBank timed out"))
                    .map(CallbackError::errorId).findFirst().orElseThrow();
            assertTrue(page.getBody().contains(errorId), "the page quotes the error log entry");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aRefusedSentryConnectionDoesNotThrowNorStopTheTableWrite() {
        String id = new ErrorLogger(written, (to, subject, text) -> { }, List.of(),
                Optional.of(settings("http://k@127.0.0.1:1/1", 500)), "dev", Clock.systemUTC())
                .log(FAILURE, new IllegalStateException("x"));
        assertTrue(table.find(id).isPresent());
    }

    @Test
    void writesOneEmbeddedMetricLinePerEntryForTheAlarm() {
        CapturedLog log = CapturedLog.start();
        try (log) {
            new ErrorLogger(written, (to, subject, text) -> { }, List.of(), Optional.empty(), "dev", Clock.systemUTC())
                    .log(FAILURE);
        }
        List<JsonNode> metrics = log.jsonLines().stream().filter(line -> line.has("_aws")).toList();
        assertEquals(1, metrics.size());
        JsonNode line = metrics.get(0);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(Metrics.NAMESPACE, directive.path("Namespace").asText());
        assertEquals("[[\"Branch\"],[\"Branch\",\"Function\"]]", directive.path("Dimensions").toString());
        assertEquals(Metrics.CALLBACK_ERRORS, directive.path("Metrics").get(0).path("Name").asText());
        assertEquals(1, line.path(Metrics.CALLBACK_ERRORS).asInt());
        assertTrue(line.path(Metrics.CALLBACK_ERRORS).isNumber());
        assertEquals("dev", line.path("Branch").asText());
        assertEquals("qrcallback", line.path("Function").asText());
        assertEquals("INFO", line.path("level").asText());
        assertTrue(line.path("_aws").path("Timestamp").isNumber());
    }

    @Test
    void aDefectOfOursIsCountedForItsOwnAlarmAndARefusalIsNot() {
        CapturedLog log = CapturedLog.start();
        try (log) {
            ErrorLogger logger = new ErrorLogger(written, (to, subject, text) -> { }, List.of(), Optional.empty(), "dev",
                    Clock.systemUTC());
            logger.log(FAILURE);
            logger.log(new ErrorLogger.Entry("qrcallback", ReceivedId.of("002500048744"), null, "internal error: a bug", "INTERNAL",
                    "{}", null), new IllegalStateException("a bug"));
        }
        List<JsonNode> metrics = log.jsonLines().stream().filter(line -> line.has("_aws")).toList();
        assertEquals(2, metrics.size());
        assertFalse(metrics.get(0).has(Metrics.CALLBACK_DEFECTS), "a refusal is not a defect: " + metrics.get(0));
        assertEquals(1, metrics.get(1).path(Metrics.CALLBACK_DEFECTS).asInt(), metrics.get(1).toString());
        assertEquals(1, metrics.get(1).path(Metrics.CALLBACK_ERRORS).asInt());
        assertTrue(metrics.get(1).path("_aws").toString().contains(Metrics.CALLBACK_DEFECTS), "declared for CloudWatch");
    }

    private static SentrySettings settings(String dsn, long flushMillis) {
        return new SentrySettings(dsn, SentrySettings.thisBuildsRelease(), "dev", Duration.ofMillis(flushMillis));
    }

    @Test
    void mailSubjectCannotCarryInjectedHeaders() {
        List<String> subjects = new CopyOnWriteArrayList<>();
        new ErrorLogger(written, (to, subject, text) -> subjects.add(subject), List.of("t@x.example"), Optional.empty(),
                "dev", Clock.systemUTC()).log(new ErrorLogger.Entry("qrcallback", ReceivedId.of("1\r\nBcc: evil@x.example"), null,
                        "e", "MALFORMED", "{}", null));
        assertFalse(subjects.get(0).contains("\n"));
        assertFalse(subjects.get(0).contains("\r"));
    }
}
