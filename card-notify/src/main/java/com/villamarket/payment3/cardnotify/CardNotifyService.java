package com.villamarket.payment3.cardnotify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.errors.ErrorLogger;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.NotifyChecksum;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.payment.UnmatchedChargeException;
import com.villamarket.payment3.common.wiring.Components;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POST /notify, KBank's server-to-server card notify: a charge object and its SHA-256 checksum,
 * verified in constant time with the secret key; an invalid checksum is refused and logged, never
 * processed. A valid notify only says "ask KBank about this charge": the card settle path
 * ({@link CardPayments}) lets KBank's inquiry decide, as for the browser's callback, so a notify that
 * outruns KBank's own inquiry settles nothing early, and notify and callback for one charge end in
 * one payment. A charge no record names yet (card-token never learnt its id) is found by the
 * reference KBank's inquiry names ({@link CardPayments#find}); one that several records could be is
 * kept on each and answered 503, so that KBank sends it again.
 */
public final class CardNotifyService {

    static final String FUNCTION = SuiteFunction.CARD_NOTIFY.errorLogName();

    private final Supplier<KBankClient> kbank;
    private final CardPayments payments;
    private final ErrorLogger errors;

    public CardNotifyService(Supplier<KBankClient> kbank, CardPayments payments, ErrorLogger errors) {
        this.kbank = kbank;
        this.payments = payments;
        this.errors = errors;
    }

    public static CardNotifyService create(Components c) {
        return new CardNotifyService(c.platform()::kbank, c.payments().card(), c.platform().errorLogger());
    }

    /** Handles one notify; never throws. */
    public APIGatewayProxyResponseEvent handle(ApiGatewayEvent event) {
        String chargeText = null;
        OrderId orderId = null;
        try {
            JsonNode body = parse(event);
            chargeText = Json.text(body, "id");
            if (!NotifyChecksum.isValid(body, kbank.get())) {
                throw new PaymentRejectedException(RejectionReason.INVALID_CHECKSUM, "the checksum is not KBank's");
            }
            ChargeId chargeId = chargeId(chargeText);
            CardPayments.Found found = payments.findNotified(chargeId);
            orderId = found.record().orderId();
            found.table().setChecksumVerified(found.record().tokenId());
            CardPayments.Result settled = payments.settle(found, chargeId, Optional.empty(),
                    Optional.of(new CardPayments.Report("notify", Json.text(body, "status"), event.raw())));
            return ApiResponses.json(200, Map.of("status", settled.settlement().name().toLowerCase(Locale.ROOT)));
        } catch (UnmatchedChargeException e) {
            // Kept on every record it may be, for reconciliation; a person sees it; KBank is asked to send it again.
            String errorId = errors.log(new ErrorLogger.Entry(FUNCTION, ReceivedId.of(orderId), ReceivedId.of(chargeText), e.getMessage(),
                    "UNMATCHED_CHARGE", event.raw(), null), null);
            return ApiResponses.json(503, Map.of("status", "kept", "reference", errorId));
        } catch (RuntimeException e) {
            ErrorLogger.Logged logged = errors.log(FUNCTION, ReceivedId.of(orderId), ReceivedId.of(chargeText), event.raw(), e);
            Failure failure = logged.failure();
            if (failure.kind() == FailureKind.PENDING) {
                return ApiResponses.json(failure.status(), Map.of("status", "pending"));
            }
            // A refusal is final (KBank need not send it again); a 5xx asks KBank to retry.
            return ApiResponses.json(failure.status(), Map.of("status", failure.refusal() ? "refused" : "error",
                    "reference", logged.errorId()));
        }
    }

    /** The body as a JSON object whose amount is a bounded decimal, before anything computes with it. */
    private static JsonNode parse(ApiGatewayEvent event) {
        try {
            JsonNode body = Json.parse(event.bodyText());
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            Money.decimalFromJson(body.get("amount"));
            return body;
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
    }

    private static ChargeId chargeId(String text) {
        try {
            return ChargeId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "id is not a KBank charge id");
        }
    }
}
