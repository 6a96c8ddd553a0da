package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessFunctions;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import com.villamarket.payment3.common.testing.Killed;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.replay.ReplayService;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.MutableClock;
import com.villamarket.payment3.testkit.TemplateTables;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Every function of template.yaml built as production builds it, each over its own role
 * ({@link InProcessFunctions}, as flow-tests' Wiring), over moto's DynamoDB and the KBank stub, so that
 * each scenario is made by the real functions; and the story teller over the same tables, through the
 * read-only guard. {@link #c} is the suite's admin parts, for seeding and reading back.
 */
final class StoryHarness implements AutoCloseable {

    /** The zone the README's examples are read in. */
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

    final LocalSuite suite;
    final TestComponents test;
    final Components c;
    final InProcessInvoker invoker = new InProcessInvoker();
    final MutableClock clock;
    final ReconcileService reconcile;
    final ReplayService replay;
    final RequestStreamHandler qrCallback;
    final RequestStreamHandler cardToken;
    final RequestStreamHandler cardCallback;
    final RequestStreamHandler cardNotify;
    private final InProcessFunctions functions;
    private final AtomicInteger orders = new AtomicInteger();
    private volatile Predicate<String> killAfter = call -> false;
    private volatile boolean invocationsRefused;

    StoryHarness() {
        suite = LocalSuite.start();
        AsyncInvoker lambda = (function, payload) -> {
            if (invocationsRefused) {
                throw new AsyncInvoker.InvocationException("invoking " + function + " failed: throttled", null);
            }
            invoker.invoke(function, payload);
        };
        test = TestComponents.builder(suite).invoker(lambda).afterEachCall(this::maybeKill).caller(this::call).build();
        c = test.admin();
        clock = test.clock();
        // A moment passes between a request and the invocation it queued, as on Lambda.
        functions = InProcessFunctions.of(test, invoker, name -> clock.advance(Duration.ofMillis(400)));
        qrCallback = functions.handler(c.platform().names().qrCallbackFunction());
        cardToken = functions.handler(c.platform().names().cardTokenFunction());
        cardCallback = functions.handler(c.platform().names().cardCallbackFunction());
        cardNotify = functions.handler(c.platform().names().cardNotifyFunction());
        reconcile = ReconcileService.create(test.as("ReconcileFunction"));
        replay = ReplayService.create(test.as("ReplayFunction"));
    }

    /** The stories of this suite's tables, read-only; KBank's inquiries too when asked. */
    OrderStories stories(boolean kbank) {
        Optional<KBankInquiries> inquiries = kbank ? Optional.of(KBankInquiries.over(new UrlConnectionTransport(),
                new KBankCredentials(LocalSuite.KBANK_SECRET_KEY, suite.kbank().baseUrl(), ""), Duration.ofSeconds(1),
                Duration.ofSeconds(2))) : Optional.empty();
        // The README's examples show the commands of the master stack, where an on-call engineer runs them.
        return new OrderStories(OrderStories.Tables.of(ReadOnlyDynamoDb.over(suite.dynamoDb()), c.platform().names(),
                c.platform().config().orderTable()), new OrderStories.Settings(inquiries, 100_000, BANGKOK),
                Commands.aws(new Names("master")), clock);
    }

    Story story(String id) {
        return stories(false).of(id);
    }

    Story storyWithKBank(String id) {
        return stories(true).of(id);
    }

    /** A new unpaid order of this total. */
    String order(String total) {
        String id = String.format("0025%08d", orders.incrementAndGet());
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"), DataForm.JSON_STRING);
        return id;
    }

    /** An order as the Python stack left it when paid: a payment header in its data, nothing of ours. */
    String pythonPaidOrder(String total, String chargeId) {
        String id = String.format("0025%08d", orders.incrementAndGet());
        c.tables().orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + ", \"payment\": {\"isPaid\":"
                + " true, \"paymentId\": \"" + chargeId + "\", \"paymentMethod\": \"qr\", \"totalPaid\": " + total
                + ", \"paidAt\": \"2025-05-30T20:56:58.833000+0000\"}}"), DataForm.JSON_STRING);
        return id;
    }

    Handlers.ApiAnswer api(RequestStreamHandler handler, String path, String contentType, String body) {
        // Requests come a few seconds apart, so that their stories read in the order they were made.
        clock.advance(Duration.ofSeconds(3));
        return Handlers.api(handler, event(path, contentType, body));
    }

    Handlers.ApiAnswer qrCallback(String orderId, String amount, String chargeId) {
        return api(qrCallback, "/qrcallback", "application/x-www-form-urlencoded",
                "orderId=" + orderId + "&status=success&amount=" + amount + "&chargeId=" + chargeId);
    }

    /** A card payment by the signed-in customer {@code ownerId} (the owner an ownerless order or ADDCARD needs). */
    Handlers.ApiAnswer cardPayment(String token, String orderId, String ownerId) {
        clock.advance(Duration.ofSeconds(3));
        ObjectNode event = (ObjectNode) Json.parse(event("/cardpayment", "application/json", "{\"token\": \"" + token
                + "\", \"orderId\": \"" + orderId + "\", \"ownerId\": \"" + ownerId + "\", \"saveCard\": true}"));
        ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("claims").put("sub", ownerId);
        return Handlers.api(cardToken, Json.write(event));
    }

    Handlers.ApiAnswer cardCallback(String chargeId, String token) {
        return api(cardCallback, "/callback", "application/x-www-form-urlencoded",
                "objectId=" + chargeId + "&token=" + token + "&status=true");
    }

    /** A card payment card-token took (answered 200) and sent to 3-D Secure: its token and its charge. */
    record CardPayment(String token, String charge) {
    }

    /** A card payment of {@code orderId} by {@code ownerId} that waits for the customer's 3-D Secure. */
    CardPayment threeDSecurePayment(String orderId, String ownerId) {
        String token = suite.kbank().cardToken("3ds");
        Handlers.ApiAnswer answer = cardPayment(token, orderId, ownerId);
        assertEquals(200, answer.status(), answer.body());
        return new CardPayment(token, chargeOf(token));
    }

    /** A card payment whose customer passed 3-D Secure: KBank has the charge paid; no callback has come yet. */
    CardPayment paidAtKBank(String orderId, String ownerId) {
        CardPayment payment = threeDSecurePayment(orderId, ownerId);
        suite.kbank().complete3ds(payment.charge(), true);
        return payment;
    }

    /** The browser's card callback of this payment. */
    Handlers.ApiAnswer cardCallback(CardPayment payment) {
        return cardCallback(payment.charge(), payment.token());
    }

    /** The card record's charge of a token card-token recorded. */
    String chargeOf(String token) {
        return c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value();
    }

    /** Runs the queued asynchronous invocations; returns the failures. */
    List<String> drain() {
        return invoker.runAll();
    }

    /** Kills the next run right after the first call that matches, as Lambda kills one on a timeout. */
    void killAfter(Predicate<String> call) {
        killAfter = call;
    }

    /** Makes every asynchronous invocation fail (throttled), or succeed again. */
    void refuseInvocations(boolean refused) {
        invocationsRefused = refused;
    }

    /** Moves the clock past reconciliation's minimum age and every lease, then runs reconciliation. */
    ReconcileService.Summary reconcileLater() {
        clock.advance(c.platform().config().reconcileMinAge().plus(OnceOnly.LEASE).plusSeconds(1));
        return reconcile.run();
    }

    private void maybeKill(String call) {
        if (killAfter.test(call)) {
            killAfter = next -> false;
            throw new Killed(call);
        }
    }

    private FunctionCaller.Result call(String functionName, String payload) {
        // A replay comes when a person gets to it, a while after the failure.
        clock.advance(Duration.ofMinutes(5));
        return functions.callForReplay(functionName, payload);
    }

    private static String event(String path, String contentType, String body) {
        return Handlers.restEvent(path, contentType, body, "req-" + Long.toHexString(System.nanoTime()));
    }

    @Override
    public void close() {
        suite.close();
    }
}
