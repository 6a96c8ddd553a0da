package com.villamarket.payment3.cardcallback;

import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.FailurePages;
import com.villamarket.payment3.common.html.ResultRedirect;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.http.RequestFields;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.CardHandoff;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * POST /callback (seed 002): finds the card payment by its charge (the branch's table, then the
 * master branch's), lets KBank's charge inquiry decide, records the outcome, hands the charge on
 * once, and sends the browser back to the shop.
 */
public final class CardCallbackService {

    static final String FUNCTION = "callback";

    /** Where a record was found: the record and the table that holds it. */
    private record Found(CardPaymentRecord record, CardPaymentRecordRepository table) {
    }

    private final CardPaymentRecordRepository records;
    private final Optional<CardPaymentRecordRepository> masterRecords;
    private final ChargeVerifier verifier;
    private final CreditCardNotifyRepository notifies;
    private final CardHandoff handoff;
    private final FailurePages failures;
    private final ResultRedirect result;
    private final Clock clock;

    public CardCallbackService(CardPaymentRecordRepository records, Optional<CardPaymentRecordRepository> masterRecords,
            ChargeVerifier verifier, CreditCardNotifyRepository notifies, CardHandoff handoff, ErrorLogger errors,
            ResultRedirect result, Clock clock) {
        this.records = records;
        this.masterRecords = masterRecords;
        this.verifier = verifier;
        this.notifies = notifies;
        this.handoff = handoff;
        this.failures = new FailurePages(errors, FUNCTION, "Card payment could not be confirmed");
        this.result = result;
        this.clock = clock;
    }

    public static CardCallbackService create(Components c, AsyncInvoker invoker) {
        return new CardCallbackService(c.cardPaymentRecords(), c.masterCardPaymentRecords(),
                c.chargeVerifier(ChargeVerifier.Kind.CARD), c.creditCardNotify(),
                new CardHandoff(invoker, c::kbank, c.names(), c.clock()), c.errorLogger(),
                new ResultRedirect(c.config().thankYouUrl(), c.config().callbackAllowedHosts()), c.clock());
    }

    /** Handles one callback; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        Map<String, String> shown = shownFields(event);
        String orderId = null;
        try {
            CardCallback callback = CardCallback.parse(event);
            Found found = find(callback);
            orderId = found.record().orderId();
            return settle(event, callback, found);
        } catch (PaymentRejectedException e) {
            return failures.answer(event, orderId, shown.get("charge id"), shown, e.reason().name(), e.getMessage(),
                    e.reason().httpStatus());
        } catch (KBankException e) {
            return failures.answer(event, orderId, shown.get("charge id"), shown, e.getClass().getName(),
                    "KBank could not confirm the payment: " + e.getMessage(), 503);
        } catch (RuntimeException e) {
            return failures.answer(event, orderId, shown.get("charge id"), shown, e.getClass().getName(),
                    "internal error: " + e.getMessage(), 503);
        }
    }

    private Found find(CardCallback callback) {
        String charge = callback.chargeId().value();
        Optional<Found> found = records.findByCharge(charge).map(r -> new Found(r, records));
        if (found.isEmpty() && masterRecords.isPresent()) {
            found = lookInMaster(charge);
        }
        if (found.isEmpty() && callback.token() != null) {
            // The chargeId index lags behind a fresh write, or KBank made the charge but card-token never
            // learnt its id (its call timed out): the token finds the record with a consistent read.
            found = records.findByToken(callback.token())
                    .filter(r -> r.chargeId() == null || r.chargeId().equals(charge))
                    .map(r -> new Found(r, records));
            found.filter(f -> f.record().chargeId() == null).ifPresent(f -> records.setCharge(f.record().tokenId(), charge));
            found = found.map(f -> new Found(records.findByToken(f.record().tokenId()).orElseThrow(), records));
        }
        Found result = found.orElseThrow(() -> new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE,
                "no card payment is recorded for charge " + charge));
        if (callback.token() != null && !callback.token().equals(result.record().tokenId())) {
            throw new PaymentRejectedException(RejectionReason.OTHER_ORDER,
                    "the callback's token is not the token charge " + charge + " was made with");
        }
        return result;
    }

    /** The master branch's table, when this account has it: its absence is "not found", not a failure. */
    private Optional<Found> lookInMaster(String charge) {
        try {
            return masterRecords.get().findByCharge(charge).map(r -> new Found(r, masterRecords.get()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            Log.warn("the master branch's card payment table does not exist here; not looked in",
                    "table", masterRecords.get().tableName());
            return Optional.empty();
        }
    }

    private ApiGatewayResponse settle(ApiGatewayEvent event, CardCallback callback, Found found) {
        CardPaymentRecord record = found.record();
        if (record.isAddCard() && record.processInvokedAt() != null) {
            // A replay after the card was kept: its 1 THB is voided by now, which is the end of this flow.
            notifies.record(new CreditCardNotify(callback.chargeId().value(), clock.instant(), "callback", record.orderId(),
                    record.tokenId(), callback.status(), "replay after card kept", null, true, event.raw()));
            return result.page(record.callbackUrl(), successQuery(record, callback));
        }
        KBankCharge charge = verifier.fetch(callback.chargeId());
        boolean paid = charge.isPaid();
        if (paid) {
            // Paid, but also for this order and amount.
            verifier.check(charge, callback.chargeId(), new OrderId(record.orderId()), record.amount(), Optional.empty());
        }
        found.table().setPaid(record.tokenId(), paid);
        notifies.record(new CreditCardNotify(callback.chargeId().value(), clock.instant(), "callback", record.orderId(),
                record.tokenId(), callback.status(), charge.status().name(), charge.transactionState().wire(), paid,
                event.raw()));
        handoff.handOn(found.table(), record, charge);
        if (paid) {
            return result.page(record.callbackUrl(), successQuery(record, callback));
        }
        Log.warn("card payment not paid", "orderId", record.orderId(), "chargeId", callback.chargeId(),
                "browserSaid", callback.status());
        String reason = charge.transactionState().isFinalUnpaid()
                ? "KBank says charge " + callback.chargeId() + " is not paid (" + charge.transactionState().wire() + ")"
                : "the payment of charge " + callback.chargeId() + " is not completed yet ("
                        + charge.transactionState().wire() + ")";
        return failures.answer(event, record.orderId(), callback.chargeId().value(), shownFields(event),
                RejectionReason.NOT_PAID.name(), reason, RejectionReason.NOT_PAID.httpStatus());
    }

    private static Map<String, String> successQuery(CardPaymentRecord record, CardCallback callback) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("orderId", record.orderId());
        query.put("status", "success");
        query.put("chargeId", callback.chargeId().value());
        return query;
    }

    /** The callback's fields as received, cut short, for the error page and log; never throws. */
    private static Map<String, String> shownFields(ApiGatewayEvent event) {
        Map<String, String> shown = new LinkedHashMap<>();
        try {
            Map<String, String> fields = RequestFields.parse(event.bodyText());
            shown.put("charge id", cut(fields.get("objectId") != null ? fields.get("objectId") : fields.get("id")));
            shown.put("status", cut(fields.get("status")));
        } catch (IllegalArgumentException e) {
            shown.put("charge id", null);
        }
        return shown;
    }

    private static String cut(String value) {
        return value == null || value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }

}
