package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.FailurePages;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.http.FormBody;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.QrHandoff;
import com.villamarket.payment3.common.payment.QrPaymentAcceptor;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The QR callback (seed 000): confirms the charge with KBank, binds it to the order, and hands the
 * order to ProcessPaidOrderInternal once, whatever the number of callbacks.
 *
 * <p>Every callback leaves a row in the QR callback record table; every rejected or failed one is
 * also in the error log with its raw event, and is answered with an escaped error page.
 */
public final class QrCallbackService {

    static final String FUNCTION = "qrcallback";

    /** Outcomes stored in the callback record. */
    static final String ACCEPTED = "ACCEPTED";
    static final String REPLAY = "REPLAY";
    static final String FAILED = "FAILED";
    static final String REJECTED_PREFIX = "REJECTED_";

    private static final String ERROR_TITLE = "Payment could not be confirmed";

    private final QrPaymentAcceptor acceptor;
    private final QrCallbackRecordRepository callbacks;
    private final FailurePages failures;
    private final URI thankYouUrl;
    private final Clock clock;

    public QrCallbackService(ChargeVerifier verifier, OrderRepository orders, QrPaymentRecordRepository payments,
            QrCallbackRecordRepository callbacks, AsyncInvoker invoker, ErrorLogger errors,
            String processPaidOrderFunction, URI thankYouUrl, Clock clock) {
        this.acceptor = new QrPaymentAcceptor(verifier, orders, payments,
                new QrHandoff(payments, invoker, processPaidOrderFunction, clock), clock);
        this.callbacks = callbacks;
        this.failures = new FailurePages(errors, FUNCTION, ERROR_TITLE);
        this.thankYouUrl = thankYouUrl;
        this.clock = clock;
    }

    /** The service from a container's parts. */
    public static QrCallbackService create(Components c, AsyncInvoker invoker) {
        return new QrCallbackService(c.chargeVerifier(ChargeVerifier.Kind.QR), c.orders(), c.qrPaymentRecords(), c.qrCallbackRecords(),
                invoker, c.errorLogger(), c.names().processPaidOrderInternalFunction(), c.config().thankYouUrl(),
                c.clock());
    }

    /** Handles one callback event; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        // The body is read once: strictly for processing, leniently for the record of what was received.
        Map<String, String> form = null;
        IllegalArgumentException formError = null;
        try {
            form = FormBody.parse(event.bodyText());
        } catch (IllegalArgumentException e) {
            formError = e;
        }
        ReceivedFields received = ReceivedFields.of(form);
        try {
            QrCallback callback = QrCallback.of(form, formError);
            Accepted accepted = process(callback);
            record(event, received, accepted.outcome(), null);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("orderId", callback.orderId().value());
            query.put("status", "success");
            query.put("amount", accepted.payment().paidAmount().toPlainString());
            query.put("chargeId", callback.chargeId().value());
            return ApiGatewayResponse.html(200, HtmlPages.redirect(thankYouUrl, query));
        } catch (PaymentRejectedException e) {
            return fail(event, received, REJECTED_PREFIX + e.reason().name(), e.reason().name(), e.getMessage(),
                    e.reason().httpStatus());
        } catch (KBankException e) {
            return fail(event, received, FAILED, e.getClass().getName(),
                    "KBank could not confirm the payment: " + e.getMessage(), 503);
        } catch (RuntimeException e) {
            return fail(event, received, FAILED, e.getClass().getName(), "internal error: " + e.getMessage(), 503);
        }
    }

    private record Accepted(VerifiedPayment payment, String outcome) {
    }

    private Accepted process(QrCallback callback) {
        QrPaymentAcceptor.Accepted accepted = acceptor.accept(callback.orderId(), callback.chargeId(),
                Optional.of(callback.amount()));
        return new Accepted(accepted.payment(), accepted.handedOn() ? ACCEPTED : REPLAY);
    }

    private ApiGatewayResponse fail(ApiGatewayEvent event, ReceivedFields received, String outcome, String errorType,
            String message, int status) {
        ApiGatewayResponse page = failures.answer(event, received.orderId(), received.chargeId(), received.forPage(),
                errorType, message, status);
        record(event, received, outcome, message);
        return page;
    }

    private void record(ApiGatewayEvent event, ReceivedFields received, String outcome, String reason) {
        try {
            callbacks.record(new QrCallbackRecord(received.recordOrderId(), clock.instant(), received.recordChargeId(),
                    received.status(), received.amount(), outcome, reason, event.raw(), event.requestId()));
        } catch (RuntimeException e) {
            Log.error("could not write the QR callback record; raw event follows", e,
                    "outcome", outcome, "event", event.raw());
        }
    }
}
