package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.LocalSuite;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SendEmailRequest;

class ErrorLoggerTest {

    private static final ErrorLogger.Failure FAILURE = new ErrorLogger.Failure("qrcallback", "002500048744",
            "chrg_test_e1", "Kbank record not found", "UNKNOWN_CHARGE", "{\"body\":\"orderId=002500048744\"}", null);

    private static LocalSuite suite;
    private static CallbackErrorLogRepository table;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start();
        table = TestComponents.on(suite).components().callbackErrorLog();
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesTheTableWithTheRawEventAndSendsAnEmail() {
        SesClient ses = mock(SesClient.class);
        ErrorLogger logger = new ErrorLogger(table, new SesMailer(() -> ses, Optional.of("from@x.example")),
                List.of("oncall@x.example"), Optional.empty(), "dev", Clock.systemUTC());

        String id = logger.log(FAILURE);

        CallbackError stored = table.find(id).orElseThrow();
        assertEquals("qrcallback", stored.functionName());
        assertEquals("{\"body\":\"orderId=002500048744\"}", stored.rawEvent());
        assertEquals("Kbank record not found", stored.error());
        ArgumentCaptor<Consumer<SendEmailRequest.Builder>> mail = ArgumentCaptor.forClass(Consumer.class);
        verify(ses).sendEmail(mail.capture());
        SendEmailRequest.Builder request = SendEmailRequest.builder();
        mail.getValue().accept(request);
        SendEmailRequest sent = request.build();
        assertEquals(List.of("oncall@x.example"), sent.destination().toAddresses());
        assertTrue(sent.message().body().text().data().contains("orderId=002500048744"));
        assertTrue(sent.message().subject().data().contains("002500048744"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noRecipientsMeansNoEmail() {
        SesClient ses = mock(SesClient.class);
        new ErrorLogger(table, new SesMailer(() -> ses, Optional.of("from@x.example")), List.of(), Optional.empty(), "dev",
                Clock.systemUTC()).log(FAILURE);
        verify(ses, never()).sendEmail(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingMailServiceDoesNotStopTheTableWrite() {
        SesClient ses = mock(SesClient.class);
        when(ses.sendEmail(any(Consumer.class))).thenThrow(new IllegalStateException("SES down"));
        String id = new ErrorLogger(table, new SesMailer(() -> ses, Optional.of("f@x.example")), List.of("t@x.example"),
                Optional.empty(), "dev", Clock.systemUTC()).log(FAILURE);
        assertTrue(table.find(id).isPresent());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingTableDoesNotStopTheEmailNorThrow() {
        SesClient ses = mock(SesClient.class);
        CallbackErrorLogRepository missing = new CallbackErrorLogRepository(suite.dynamoDb(), "no-such-table");
        new ErrorLogger(missing, new SesMailer(() -> ses, Optional.of("f@x.example")), List.of("t@x.example"),
                Optional.empty(), "dev", Clock.systemUTC()).log(FAILURE);
        verify(ses).sendEmail(any(Consumer.class));
    }

    @Test
    void reportsToSentryWhenADsnIsSet() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer sentry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sentry.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("x-sentry-auth")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sentry.start();
        try {
            String dsn = "http://publickey123@127.0.0.1:" + sentry.getAddress().getPort() + "/42";
            SentryReporter reporter = new SentryReporter(new UrlConnectionTransport(), dsn, "dev", Clock.systemUTC());
            new ErrorLogger(table, (to, subject, text) -> { }, List.of(), Optional.of(reporter), "dev",
                    Clock.systemUTC()).log(FAILURE);
            assertEquals(1, seen.size());
            String request = seen.get(0);
            assertTrue(request.startsWith("/api/42/store/ "), request);
            assertTrue(request.contains("sentry_key=publickey123"), request);
            assertTrue(request.contains("Kbank record not found"), request);
            assertFalse(request.contains("orderId=002500048744\\\""), "the raw event stays out of Sentry");
        } finally {
            sentry.stop(0);
        }
    }

    @Test
    void anUnreachableSentryDoesNotThrow() {
        SentryReporter reporter = new SentryReporter(new UrlConnectionTransport(), "http://k@127.0.0.1:1/1", "dev",
                Clock.systemUTC());
        String id = new ErrorLogger(table, (to, subject, text) -> { }, List.of(), Optional.of(reporter), "dev",
                Clock.systemUTC()).log(FAILURE);
        assertTrue(table.find(id).isPresent());
    }

    @Test
    void mailSubjectCannotCarryInjectedHeaders() {
        List<String> subjects = new CopyOnWriteArrayList<>();
        new ErrorLogger(table, (to, subject, text) -> subjects.add(subject), List.of("t@x.example"), Optional.empty(),
                "dev", Clock.systemUTC()).log(new ErrorLogger.Failure("qrcallback", "1\r\nBcc: evil@x.example", null,
                        "e", "MALFORMED", "{}", null));
        assertFalse(subjects.get(0).contains("\n"));
        assertFalse(subjects.get(0).contains("\r"));
    }
}
