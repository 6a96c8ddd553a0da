package com.villamarket.payment3.qrcallback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.LoggedErrorPages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.http.FormBody;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.kbank.KBankCharge.Settlement;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.metrics.Metrics;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrPayments;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.ReportOutcome;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.common.wiring.Platform;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The QR callback: the browser's report of a QR payment goes through the QR settle path
 * ({@link QrPayments}): KBank confirms it, the charge is bound to the order, and the order is handed
 * to ProcessPaidOrderInternal once, whatever the number of callbacks.
 *
 * <p>Every callback leaves a row in the QR callback record table; every refused or failed one is
 * also in the error log with its raw event, and is answered with an escaped error page.
 */
public final class QrCallbackService {

    static final String FUNCTION = SuiteFunction.QR_CALLBACK.errorLogName();

    private final QrPayments payments;
    private final QrCallbackRecordRepository callbacks;
    private final LoggedErrorPages failures;
    private final URI thankYouUrl;
    private final String branch;
    private final Clock clock;

    /** @param branch the stack's branch, the dimension of the metric a lost record is counted by */
    public QrCallbackService(QrPayments payments, QrCallbackRecordRepository callbacks, ErrorLogger errors,
            URI thankYouUrl, String branch, Clock clock) {
        this.payments = payments;
        this.callbacks = callbacks;
        this.failures = new LoggedErrorPages(errors, FUNCTION, "Payment could not be confirmed");
        this.thankYouUrl = thankYouUrl;
        this.branch = branch;
        this.clock = clock;
    }

    /** The service from a container's parts. */
    public static QrCallbackService create(Components c) {
        Platform platform = c.platform();
        return new QrCallbackService(c.payments().qr(), c.tables().qrCallbackRecords(), platform.errorLogger(),
                platform.config().thankYouUrl(), platform.config().branch(), platform.clock());
    }

    /** Handles one callback event; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        // The body is read once: strictly for processing, leniently for the record of what was received.
        Map<String, String> form = null;
        IllegalArgumentException formError = null;
        try {
            form = FormBody.parse(event.bodyText());
        } catch (IllegalArgumentException e) {
            formError = e;
        }
        ReceivedFields received = ReceivedFields.of(form);
        // A callback that hands its payment on is recorded while the hand-on is marked done, not after it.
        AtomicBoolean recorded = new AtomicBoolean();
        Runnable recordHandedOn = () -> {
            recorded.set(true);
            record(event, received, ReportOutcome.paid(true), null);
        };
        try {
            QrCallback callback = QrCallback.of(form, formError);
            QrPayments.Result result = payments.settle(callback.orderId(), callback.chargeId(),
                    Optional.of(callback.amount()), recordHandedOn);
            if (result.settlement() == Settlement.PENDING) {
                record(event, received, ReportOutcome.PENDING, "KBank has not settled the charge yet");
                return ApiResponses.html(202, HtmlPages.pending(received.forPage()));
            }
            if (!recorded.get()) {
                record(event, received, ReportOutcome.paid(result.handedOn()), null);
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("orderId", callback.orderId().value());
            query.put("status", "success");
            query.put("amount", result.payment().paidAmount().toPlainString());
            query.put("chargeId", callback.chargeId().value());
            return ApiResponses.html(200, HtmlPages.redirect(thankYouUrl, query));
        } catch (RuntimeException e) {
            APIGatewayProxyResponseEvent page = failures.answer(event, ReceivedId.of(received.orderId()), ReceivedId.of(received.chargeId()),
                    received.forPage(), e);
            Failure classified = Failure.of(e);
            if (!recorded.get()) {
                // Recorded already only when the hand-on was accepted and marking it done then failed: the record
                // says handed on, which it was; the error log has the failure.
                record(event, received, e instanceof PaymentRejectedException rejected
                        ? ReportOutcome.refused(rejected.reason().name()) : ReportOutcome.FAILED, classified.message());
            }
            return page;
        }
    }

    /** Writes the callback's record; when that fails, the raw event is logged and the loss counted ({@link Metrics#RECORDS_LOST}). */
    private void record(ApiGatewayEvent event, ReceivedFields received, ReportOutcome outcome, String reason) {
        Instant at = clock.instant();
        try {
            callbacks.record(new QrCallbackRecord(received.recordOrderId(at, event.requestId(), event.raw()), at,
                    received.recordChargeId(), received.status(), received.amount(), outcome, reason, event.raw(),
                    event.requestId()));
        } catch (RuntimeException e) {
            Log.error("could not write the QR callback record; raw event follows", e,
                    "outcome", outcome.asCallbackOutcome(), "event", event.raw());
            Metrics.count(branch, FUNCTION, Map.of(Metrics.RECORDS_LOST, 1));
        }
    }
}
