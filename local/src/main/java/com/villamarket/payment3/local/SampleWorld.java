package com.villamarket.payment3.local;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.testkit.KBankStub;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.SampleCards;
import com.villamarket.payment3.testkit.SampleQrOrders;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What the sample events under {@code events/} take for granted, so that each gives the outcome the
 * README's events table documents on a fresh stack (README, "The sample world"):
 * <ul>
 * <li>the orders of {@code local/sample-orders.json};</li>
 * <li>KBank's side in the sandbox: the sample card tokens and the charges they make, the customer
 * {@code cust_test_sample}, mapped to the returning customer {@code owner-002} as the Python stack
 * mapped it; the sample QR charges are fixture files of the KBank double, and the KBank order they name is
 * recorded as the Python stack left it ({@code SampleQrOrders});</li>
 * <li>a card payment in flight, as the customer leaves it when the browser closes after 3-D Secure:
 * card-token ran for order 492500005646 with {@code tokn_test_sample_paid}, KBank authorized
 * {@code chrg_test_sample_paid}, and no callback came (the card-callback, card-notify and
 * process-paid-order samples);</li>
 * <li>the KBank order the QR notifications name, {@code 4925000046321748613417.737979}: made by
 * kbank-create-order at the moment its reference says, and paid in KBank's sandbox;</li>
 * <li>the sample QR charge recorded as paid for order 002500048744, as the QR settle path records it
 * before its hand-on (the ProcessPaidOrderInternal and replay samples).</li>
 * </ul>
 * The records are made by running the functions themselves, in this process, never written by hand.
 */
final class SampleWorld {

    static final String ORDERS = "local/sample-orders.json";
    /** The moment kbank-create-order's sample reference names: 1748613417.737979 seconds. */
    static final Instant KBANK_ORDER_CREATED = Instant.ofEpochSecond(1_748_613_417L, 737_979_000L);
    static final String KBANK_ORDER_REFERENCE = "4925000046321748613417.737979";
    /** The charge that pays that KBank order in the sandbox. */
    static final String KBANK_ORDER_CHARGE = "chrg_test_sample_kbankorder";
    static final String SAMPLE_QR_ORDER = "002500048744";
    static final String SAMPLE_QR_CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";

    private SampleWorld() {
    }

    static void prepare(SuiteInProcess stack) {
        Optional<CardPaymentRecord> earlier = stack.components().tables().cardPaymentRecords().findByToken(
                new CardToken(SampleCards.PAID_TOKEN));
        if (earlier.isPresent()) {
            keepEarlier(stack, earlier.get());
            return;
        }
        stack.seed(RepoFiles.root().resolve(ORDERS));
        if (!stack.usesSandbox()) {
            Log.warn("KBANK_BASE_URL replaces the sandbox: the sample world has its orders only");
            return;
        }
        KBankStub kbank = stack.sandbox().stub();
        SampleCards.registerAt(kbank);
        // A returning customer, whose KBank customer the Python stack made and mapped: the one a card
        // verification (ADDCARD) can be made for without a signed-in caller.
        stack.components().tables().kbankUserMapping().put(new OwnerId(SampleCards.RETURNING_OWNER), SampleCards.CUSTOMER);
        // A card payment whose customer finished 3-D Secure and closed the browser: no callback yet.
        run(stack, "CardTokenFunction", Clock.systemUTC(), SampleCards.inFlightPaymentEvent());
        SampleCards.finish3ds(kbank);

        // The KBank order of the QR notifications, created when its reference says, then paid at KBank.
        run(stack, "KBankCreateOrderFunction", Clock.fixed(KBANK_ORDER_CREATED, ZoneOffset.UTC),
                RepoFiles.read("events/kbank-create-order/qr.json"));
        kbank.paidQrCharge(KBANK_ORDER_CHARGE, "300.00", KBANK_ORDER_REFERENCE);

        // The KBank order the sample QR charge was made for, as the Python stack recorded it.
        SampleQrOrders.recordAt(stack.dynamoDb(), stack.branch());
        // The sample QR charge bound to its order as the QR settle path binds it (ProcessPaidOrderInternal pays an
        // order only with a charge the suite's record binds to it), out of the pending index: its hand-on is the
        // samples' to make, not reconciliation's.
        stack.components().tables().qrPaymentRecords().recordIfAbsent(new QrPaymentRecord(new ChargeId(SAMPLE_QR_CHARGE),
                new OrderId(SAMPLE_QR_ORDER), Instant.now(), true, Money.of("6.00"), false, StepState.NONE, null));
    }

    /**
     * The sample world of an earlier run is in this DynamoDB already (a {@code --dynamodb-endpoint} that keeps its
     * tables): its orders and records are kept as they are, not made again (card-token would be refused the sample
     * charge, which its record holds already); only KBank's side, which lives in this run's sandbox, is made again.
     */
    private static void keepEarlier(SuiteInProcess stack, CardPaymentRecord inFlight) {
        Log.warn("the sample world is in this DynamoDB already, from an earlier run of branch " + stack.branch()
                + ": its orders and records are kept as they are (a new --branch, or --empty, starts afresh)");
        if (!stack.usesSandbox()) {
            return;
        }
        KBankStub kbank = stack.sandbox().stub();
        SampleCards.registerAt(kbank);
        if (inFlight.amount() != null) {
            kbank.cardCharge(SampleCards.PAID_CHARGE, inFlight.amount().toPlainString(), "success", "Authorized",
                    SampleCards.PAID_ORDER);
        }
        kbank.paidQrCharge(KBANK_ORDER_CHARGE, "300.00", KBANK_ORDER_REFERENCE);
    }

    /** Runs an event through a function built afresh at a clock; its answer must be a success. */
    private static void run(SuiteInProcess stack, String function, Clock clock, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            stack.componentsAt(function, clock).handler(stack.function(function).orElseThrow().handlerClass())
                    .handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                            new TestContext(function));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int status = Json.parse(out.toString(StandardCharsets.UTF_8)).path("statusCode").asInt();
        if (status != 200) {
            throw new IllegalStateException("the sample world could not be prepared: " + function + " answered "
                    + out.toString(StandardCharsets.UTF_8));
        }
    }
}
