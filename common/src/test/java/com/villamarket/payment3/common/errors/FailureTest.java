package com.villamarket.payment3.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.payment.PaymentPendingException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.StoredDataException;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Every kind of failure: the status it is answered with, whether it pages a person, and what the error log keeps
 * (written as the QR callback, its role enforced; read back with the admin key).
 */
@LocalSuiteTest
class FailureTest {

    private static final String EVENT = "{\"body\":\"orderId=002500048744\"}";

    private static CallbackErrorLogRepository written;
    private static CallbackErrorLogRepository table;

    private final List<String> mails = new CopyOnWriteArrayList<>();
    private ErrorLogger logger;

    @BeforeAll
    static void start(TestComponents components) {
        written = components.as("QRCallbackFunction").tables().callbackErrorLog();
        table = components.admin().tables().callbackErrorLog();
    }

    @BeforeEach
    void newLogger() {
        logger = new ErrorLogger(written, (to, subject, text) -> mails.add(text), List.of("oncall@x.example"),
                Optional.empty(), "dev", Clock.systemUTC());
    }

    /** Logs the failure and checks the entry the error log kept: its type, its message, a stack trace or none. */
    private CallbackError logged(Throwable failure, FailureKind kind, int status, String errorType, String error,
            boolean stackTrace) {
        ErrorLogger.Logged logged = logger.log("qrcallback", ReceivedId.of("002500048744"), ReceivedId.of("chrg_test_f1"), EVENT, failure);
        assertEquals(kind, logged.failure().kind());
        assertEquals(status, logged.failure().status());
        assertEquals(errorType, logged.failure().code());
        CallbackError entry = table.find(logged.errorId()).orElseThrow();
        assertEquals(errorType, entry.errorType());
        assertEquals(error, entry.error());
        assertEquals(EVENT, entry.rawEvent());
        assertEquals(ReceivedId.of("002500048744"), entry.orderId());
        assertEquals(ReceivedId.of("chrg_test_f1"), entry.chargeId());
        assertEquals(kind.defect(), FailureKind.isDefect(entry.errorType()), "pages at once exactly for a defect");
        assertEquals(1, mails.size());
        assertEquals(stackTrace, mails.get(0).contains("Exception:\n"), mails.get(0));
        return entry;
    }

    @Test
    void aRefusalIsAnsweredWithItsReasonsStatusShownToTheSenderAndLoggedWithoutAStackTrace() {
        logged(new PaymentRejectedException(RejectionReason.OTHER_ORDER, "the charge pays order 002500048745"),
                FailureKind.REFUSED, 409, "OTHER_ORDER", "the charge pays order 002500048745", false);
        Failure failure = Failure.of(new PaymentRejectedException(RejectionReason.NOT_PAID, "KBank says not paid"));
        assertTrue(failure.refusal());
        assertEquals(402, failure.status());
        assertEquals("KBank says not paid", failure.shown());
        assertFalse(FailureKind.REFUSED.defect());
        assertFalse(FailureKind.REFUSED.retryable());
    }

    @Test
    void aPendingPaymentIsA202ThatIsNoErrorLogEntryNorAMail() {
        ErrorLogger.Logged logged = logger.log("qrcallback", ReceivedId.of("002500048744"), ReceivedId.of("chrg_test_f1"), EVENT,
                new PaymentPendingException("KBank has not settled charge chrg_test_f1 yet"));
        assertEquals(FailureKind.PENDING, logged.failure().kind());
        assertEquals(202, logged.failure().status());
        assertFalse(logged.failure().refusal());
        assertEquals("KBank has not settled charge chrg_test_f1 yet", logged.failure().shown());
        assertNull(logged.errorId());
        assertTrue(mails.isEmpty());
        assertFalse(FailureKind.PENDING.defect());
        assertTrue(FailureKind.PENDING.retryable());
    }

    @Test
    void kbankNotAnsweringIsA503ThatDoesNotPageAndIsLoggedWithItsException() {
        logged(new KBankException.Unavailable("KBank GET /card/v2/charge/chrg_test_f1 timed out", null),
                FailureKind.KBANK_UNAVAILABLE, 503, "KBANK_UNAVAILABLE",
                "KBank could not answer: KBank GET /card/v2/charge/chrg_test_f1 timed out", true);
        assertEquals(FailureKind.KBANK_UNAVAILABLE,
                Failure.of(new KBankException.ErrorAnswer("KBank answered 502", 502, null, "bad gateway")).kind());
        assertEquals(FailureKind.KBANK_UNAVAILABLE,
                Failure.of(new KBankException.BadAnswer("not JSON", 200, "<html>", null)).kind());
        assertTrue(FailureKind.KBANK_UNAVAILABLE.retryable());
    }

    @Test
    void anAwsCallThatFailedIsA503ThatDoesNotPageWhetherTheSdkOrTheInvokerThrewIt() {
        logged(ProvisionedThroughputExceededException.builder().message("throttled").build(),
                FailureKind.AWS_UNAVAILABLE, 503, "AWS_UNAVAILABLE", "an AWS call failed: throttled", true);
        Failure invoke = Failure.of(new AsyncInvoker.InvocationException("invoking payment3-ppoi failed", null));
        assertEquals(FailureKind.AWS_UNAVAILABLE, invoke.kind());
        assertEquals(503, invoke.status());
        assertEquals("an AWS call failed: invoking payment3-ppoi failed", invoke.message());
        assertEquals("the payment could not be confirmed right now; it has been recorded and will be checked",
                invoke.shown());
    }

    @Test
    void anAwsCallItsRoleDoesNotAllowIsAConfigurationDefectThatPagesAnswered503() {
        String denied = "User: arn:aws:sts::000000000000:assumed-role/r/payment3-qrcallback-dev is not authorized to perform:"
                + " dynamodb:PutItem on resource: arn:aws:dynamodb:ap-southeast-1:000000000000:table/t";
        logged(DynamoDbException.builder().message(denied).statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDeniedException").errorMessage(denied).build()).build(), FailureKind.CONFIGURATION, 503,
                "CONFIGURATION", "AWS refused the call (AccessDeniedException; the function's role): " + denied
                + " (Service: null, Status Code: 400, Request ID: null)", true);
        // Lambda's refusal reaches the caller inside the invoker's exception.
        Failure invoke = Failure.of(new AsyncInvoker.InvocationException("invoking payment3-ppoi failed", LambdaException.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build()));
        assertEquals(FailureKind.CONFIGURATION, invoke.kind());
        assertEquals(503, invoke.status());
        assertTrue(invoke.kind().defect());
        assertFalse(invoke.kind().retryable(), "no retry succeeds until the role is changed");
        assertEquals(FailureKind.AWS_UNAVAILABLE, Failure.of(DynamoDbException.builder().statusCode(400).awsErrorDetails(
                AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build()).kind(), "a throttle is retried");
    }

    @Test
    void storedDataThatCannotBeReadIsA500DefectThatPages() {
        logged(new StoredDataException("order 002500048744 has a grandTotal of \"abc\""), FailureKind.STORED_DATA, 500,
                "STORED_DATA", "order 002500048744 has a grandTotal of \"abc\"", true);
    }

    @Test
    void aBadSettingIsA500DefectThatPages() {
        logged(new ConfigException("missing required setting QR_PARTNER_ID"), FailureKind.CONFIGURATION, 500,
                "CONFIGURATION", "missing required setting QR_PARTNER_ID", true);
    }

    @Test
    void anythingElseIsAnInternal500DefectThatPagesAndShowsTheSenderNoInternals() {
        logged(new IllegalStateException("a bug"), FailureKind.INTERNAL, 500, "INTERNAL",
                "internal error: java.lang.IllegalStateException: a bug", true);
        Failure error = Failure.of(new StackOverflowError());
        assertEquals(FailureKind.INTERNAL, error.kind());
        assertFalse(error.shown().contains("StackOverflow"), error.shown());
    }

    @Test
    void onlyTheDefectKindsPage() {
        for (FailureKind kind : FailureKind.values()) {
            boolean defect = kind == FailureKind.STORED_DATA || kind == FailureKind.CONFIGURATION
                    || kind == FailureKind.INTERNAL;
            assertEquals(defect, kind.defect(), kind.name());
            assertEquals(defect, FailureKind.isDefect(kind.name()), kind.name());
        }
        assertFalse(FailureKind.isDefect("OTHER_ORDER"), "a refusal's reason");
        assertFalse(FailureKind.isDefect("STILL_PENDING"), "reconciliation's report");
        assertFalse(FailureKind.isDefect(null));
    }
}
