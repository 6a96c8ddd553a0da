package com.villamarket.payment3.common.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.errors.Failure;
import com.villamarket.payment3.common.errors.FailureKind;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.KBankKeyRefused;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.testkit.KBankStub;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChargeVerifierTest {

    private static final OrderId ORDER = new OrderId("002500048744");
    /** The reference_order of the KBank QR order recorded for {@link #ORDER}, as kbank-create-order builds it. */
    private static final String REFERENCE = "0025000487441748613417.737979";
    /** The KBank order table's references, as the repository answers them (QrPaymentsTest reads the real table). */
    private static final Map<String, String> RECORDED = Map.of(REFERENCE, ORDER.value(),
            "0025000487451748613418.000001", "002500048745");
    private static KBankStub stub;
    private static ChargeVerifier verifier;
    private static ChargeVerifier cardVerifier;

    @BeforeAll
    static void start() {
        stub = KBankStub.start("skey_v");
        KBankClient client = new KBankClient(new UrlConnectionTransport(),
                new KBankCredentials("skey_v", stub.baseUrl(), ""), Duration.ofSeconds(1), Duration.ofSeconds(1));
        verifier = ChargeVerifier.qr(() -> client, reference -> Optional.ofNullable(RECORDED.get(reference)).map(OrderId::new));
        cardVerifier = ChargeVerifier.card(() -> client);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static RejectionReason rejection(String chargeId, Money total, Optional<Money> claimed) {
        return assertThrows(PaymentRejectedException.class,
                () -> verifier.verify(new ChargeId(chargeId), ORDER, total, claimed)).reason();
    }

    @Test
    void confirmsAPaidChargeOfThisOrder() {
        stub.paidQrCharge("chrg_test_ok", "6", REFERENCE);
        VerifiedPayment payment = verifier.verify(new ChargeId("chrg_test_ok"), ORDER, Money.of("6"), Optional.of(Money.of("6")));
        assertEquals(Money.of("6.00"), payment.paidAmount());
        assertEquals("qr", payment.paymentMethod());
    }

    @Test
    void rejectsWhatKBankDoesNotConfirm() {
        stub.qrCharge("chrg_test_unpaid", "6", "error", "Declined", REFERENCE);
        assertEquals(RejectionReason.NOT_PAID, rejection("chrg_test_unpaid", Money.of("6"), Optional.empty()));
        assertEquals(RejectionReason.UNKNOWN_CHARGE, rejection("chrg_test_nobody", Money.of("6"), Optional.empty()));
    }

    @Test
    void rejectsAChargeThatPaysAnotherOrder() {
        stub.paidQrCharge("chrg_test_other", "6", "0025000487451748613418.000001");
        assertEquals(RejectionReason.OTHER_ORDER, rejection("chrg_test_other", Money.of("6"), Optional.empty()));
        stub.respond("GET", "/qr/v2/qr/chrg_test_desc", 200, "{\"id\":\"chrg_test_desc\",\"status\":\"success\","
                + "\"transaction_state\":\"Authorized\",\"amount\":6,\"currency\":\"THB\",\"reference_order\":\"" + REFERENCE + "\","
                + "\"description\":\"Order 999\"}");
        assertEquals(RejectionReason.OTHER_ORDER, rejection("chrg_test_desc", Money.of("6"), Optional.empty()));
    }

    @Test
    void rejectsAnAnswerForAnotherCharge() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_swap", 200, "{\"id\":\"chrg_test_someone_else\",\"status\":\"success\","
                + "\"transaction_state\":\"Authorized\",\"amount\":6}");
        assertEquals(RejectionReason.OTHER_ORDER, rejection("chrg_test_swap", Money.of("6"), Optional.empty()));
    }

    @Test
    void rejectsEveryAmountButTheOrdersTotalToTheSatang() {
        stub.paidQrCharge("chrg_test_cheap", "1.00", REFERENCE);
        assertEquals(RejectionReason.AMOUNT_MISMATCH, rejection("chrg_test_cheap", Money.of("300"), Optional.empty()));
        stub.paidQrCharge("chrg_test_claim", "300.00", REFERENCE);
        assertEquals(RejectionReason.AMOUNT_MISMATCH,
                rejection("chrg_test_claim", Money.of("300"), Optional.of(Money.of("3.00"))));
        stub.paidQrCharge("chrg_test_near", "298.00", REFERENCE);
        assertEquals(RejectionReason.AMOUNT_MISMATCH, rejection("chrg_test_near", Money.of("300"), Optional.empty()));
        stub.paidQrCharge("chrg_test_satang", "299.99", REFERENCE);
        assertEquals(RejectionReason.AMOUNT_MISMATCH, rejection("chrg_test_satang", Money.of("300"), Optional.empty()));
        stub.paidQrCharge("chrg_test_exact", "300.0", REFERENCE);
        assertEquals(Money.of("300.00"), verifier.verify(new ChargeId("chrg_test_exact"), ORDER, Money.of("300"),
                Optional.of(Money.of("300.00"))).paidAmount());
    }

    @Test
    void rejectsOtherCurrencies() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_usd", 200, "{\"id\":\"chrg_test_usd\",\"status\":\"success\","
                + "\"transaction_state\":\"Authorized\",\"amount\":6,\"currency\":\"USD\",\"reference_order\":\"002500048744\"}");
        assertEquals(RejectionReason.WRONG_CURRENCY, rejection("chrg_test_usd", Money.of("6"), Optional.empty()));
    }

    @Test
    void kbankTroubleIsNotARejection() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_503", 503, "busy");
        assertThrows(KBankException.ErrorAnswer.class,
                () -> verifier.verify(new ChargeId("chrg_test_503"), ORDER, Money.of("6"), Optional.empty()));
        stub.respond("GET", "/qr/v2/qr/chrg_test_429", 429, "{\"object\":\"error\",\"code\":\"rate_limit\"}");
        assertThrows(KBankException.ErrorAnswer.class,
                () -> verifier.verify(new ChargeId("chrg_test_429"), ORDER, Money.of("6"), Optional.empty()));
    }

    @Test
    void kbankRefusingOurKeyIsAConfigurationDefectNotTheCustomersRefusal() {
        stub.respond("GET", "/qr/v2/qr/chrg_test_401", 401, "{\"object\":\"error\",\"code\":\"authentication_failure\"}");
        KBankKeyRefused refused = assertThrows(KBankKeyRefused.class,
                () -> verifier.verify(new ChargeId("chrg_test_401"), ORDER, Money.of("6"), Optional.empty()));
        assertEquals(401, refused.httpStatus());
        assertEquals(FailureKind.CONFIGURATION, refused.kind());
        assertEquals(503, Failure.of(refused).status());
        stub.respond("GET", "/qr/v2/qr/chrg_test_403", 403, "{\"object\":\"error\",\"code\":\"forbidden\"}");
        assertThrows(KBankKeyRefused.class,
                () -> verifier.verify(new ChargeId("chrg_test_403"), ORDER, Money.of("6"), Optional.empty()));
        stub.respond("GET", "/qr/v2/qr/chrg_test_400", 400, "{\"object\":\"error\",\"code\":\"invalid_charge\"}");
        assertEquals(RejectionReason.UNKNOWN_CHARGE, rejection("chrg_test_400", Money.of("6"), Optional.empty()));
    }

    @Test
    void aQrChargeNamesTheOrderOnlyByTheReferenceOfAKBankOrderRecordedForIt() {
        // Well formed (the order id and epoch seconds), but no KBank order was ever made with it.
        stub.paidQrCharge("chrg_test_made_up", "6", ORDER.value() + "1748613499.000001");
        PaymentRejectedException made = assertThrows(PaymentRejectedException.class,
                () -> verifier.verify(new ChargeId("chrg_test_made_up"), ORDER, Money.of("6"), Optional.empty()));
        assertEquals(RejectionReason.OTHER_ORDER, made.reason());
        assertTrue(made.getMessage().contains("no KBank order recorded for order " + ORDER), made.getMessage());
        assertTrue(made.getMessage().contains("no such reference"), made.getMessage());
        // The bare order id is no reference either, unless a KBank order was recorded under it.
        stub.paidQrCharge("chrg_test_bare", "6", ORDER.value());
        assertEquals(RejectionReason.OTHER_ORDER, rejection("chrg_test_bare", Money.of("6"), Optional.empty()));
        // Recorded, for another order.
        stub.paidQrCharge("chrg_test_theirs", "6", "0025000487451748613418.000001");
        PaymentRejectedException theirs = assertThrows(PaymentRejectedException.class,
                () -> verifier.verify(new ChargeId("chrg_test_theirs"), ORDER, Money.of("6"), Optional.empty()));
        assertTrue(theirs.getMessage().contains("it for order 002500048745"), theirs.getMessage());
        stub.paidQrCharge("chrg_test_recorded", "6", REFERENCE);
        assertEquals(Money.of("6.00"), verifier.verify(new ChargeId("chrg_test_recorded"), ORDER, Money.of("6"),
                Optional.empty()).paidAmount());
    }

    @Test
    void aCardChargeNamesTheOrderOnlyByTheOrderIdCardTokenSent() {
        stub.cardCharge("chrg_test_card_ok", "6", "success", "Authorized", ORDER.value());
        assertEquals(Money.of("6.00"), cardVerifier.verify(new ChargeId("chrg_test_card_ok"), ORDER, Money.of("6"),
                Optional.empty()).paidAmount());
        stub.cardCharge("chrg_test_card_stamped", "6", "success", "Authorized", REFERENCE);
        PaymentRejectedException stamped = assertThrows(PaymentRejectedException.class,
                () -> cardVerifier.verify(new ChargeId("chrg_test_card_stamped"), ORDER, Money.of("6"), Optional.empty()));
        assertEquals(RejectionReason.OTHER_ORDER, stamped.reason());
        assertTrue(stamped.getMessage().contains("as the card payment was sent to KBank"), stamped.getMessage());
    }
}
