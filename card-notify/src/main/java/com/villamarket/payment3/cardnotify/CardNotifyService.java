package com.villamarket.payment3.cardnotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiGatewayResponse;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.NotifyChecksum;
import com.villamarket.payment3.common.payment.CardHandoff;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * KBank's server-to-server card notify: a charge object and its SHA-256 checksum, verified in
 * constant time with the secret key; an invalid checksum is refused and logged, never processed. A
 * valid notify records the check-status and credit-card notify tables and hands the charge on
 * through the same once-only claim as the browser's callback, so notify and callback for one charge
 * end in one payment.
 */
public final class CardNotifyService {

    static final String FUNCTION = "notify";

    private final Supplier<KBankClient> kbank;
    private final CardPaymentRecordRepository records;
    private final ChargeVerifier verifier;
    private final CheckStatusRepository checkStatus;
    private final CreditCardNotifyRepository notifies;
    private final CardHandoff handoff;
    private final ErrorLogger errors;
    private final Clock clock;

    public CardNotifyService(Supplier<KBankClient> kbank, CardPaymentRecordRepository records, ChargeVerifier verifier,
            CheckStatusRepository checkStatus, CreditCardNotifyRepository notifies, CardHandoff handoff, ErrorLogger errors,
            Clock clock) {
        this.kbank = kbank;
        this.records = records;
        this.verifier = verifier;
        this.checkStatus = checkStatus;
        this.notifies = notifies;
        this.handoff = handoff;
        this.errors = errors;
        this.clock = clock;
    }

    public static CardNotifyService create(Components c, AsyncInvoker invoker) {
        return new CardNotifyService(c::kbank, c.cardPaymentRecords(), c.chargeVerifier(ChargeVerifier.Kind.CARD),
                c.checkStatus(), c.creditCardNotify(), new CardHandoff(invoker, c::kbank, c.names(), c.clock()),
                c.errorLogger(), c.clock());
    }

    /** Handles one notify; never throws. */
    public ApiGatewayResponse handle(ApiGatewayEvent event) {
        String chargeText = null;
        String orderId = null;
        try {
            JsonNode body = Json.parse(event.bodyText());
            if (!body.isObject()) {
                throw new PaymentRejectedException(RejectionReason.MALFORMED, "the body is not a JSON object");
            }
            chargeText = Json.text(body, "id");
            if (!NotifyChecksum.isValid(body, kbank.get())) {
                return refuse(event, chargeText, null, "INVALID_CHECKSUM", "the checksum is not KBank's", 401);
            }
            ChargeId chargeId = ChargeId.parse(chargeText);
            CardPaymentRecord record = records.findByCharge(chargeId.value()).orElseThrow(() ->
                    new PaymentRejectedException(RejectionReason.UNKNOWN_CHARGE,
                            "no card payment is recorded for charge " + chargeId));
            orderId = record.orderId();
            KBankCharge charge = KBankCharge.from(body);
            boolean paid = charge.isPaid();
            if (paid) {
                // Authentic, but still for this order and amount, as for the callback.
                verifier.check(charge, chargeId, new OrderId(record.orderId()), record.amount(), Optional.empty());
            }
            records.setPaid(record.tokenId(), paid);
            if (!record.isAddCard()) {
                checkStatus.record(new CheckStatus(record.orderId(), clock.instant(), chargeId.value(),
                        paid ? "success" : charge.status().name().toLowerCase(java.util.Locale.ROOT), paid, "card",
                        charge.amount()));
            }
            notifies.record(new CreditCardNotify(chargeId.value(), clock.instant(), "notify", record.orderId(),
                    record.tokenId(), Json.text(body, "status"), Json.text(body, "status"),
                    charge.transactionState().wire(), paid, event.raw()));
            handoff.handOn(records, record, charge);
            return ApiGatewayResponse.json(200, Map.of("status", "ok"));
        } catch (PaymentRejectedException e) {
            return refuse(event, chargeText, orderId, e.reason().name(), e.getMessage(), e.reason().httpStatus());
        } catch (IllegalArgumentException e) {
            return refuse(event, chargeText, orderId, RejectionReason.MALFORMED.name(), e.getMessage(), 400);
        } catch (RuntimeException e) {
            return refuse(event, chargeText, orderId, e.getClass().getName(), "internal error: " + e.getMessage(), 503);
        }
    }

    private ApiGatewayResponse refuse(ApiGatewayEvent event, String chargeId, String orderId, String code, String message,
            int status) {
        String errorId = errors.log(new ErrorLogger.Failure(FUNCTION, orderId, chargeId, message, code, event.raw(), null));
        return ApiGatewayResponse.json(status, Map.of("status", "refused", "reference", errorId));
    }
}
