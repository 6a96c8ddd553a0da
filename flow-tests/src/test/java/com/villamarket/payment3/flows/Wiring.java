package com.villamarket.payment3.flows;

import static org.mockito.Mockito.reset;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.FunctionCaller;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.mail.SendEmail;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessFunctions;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.replay.ReplayService;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.MutableClock;
import com.villamarket.payment3.testkit.TemplateTables;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Every function of template.yaml built as production builds it ({@link Components#handler}), over
 * local parts: moto's DynamoDB behind a fault injector, the KBank stub, a mocked SES, a clock the test
 * moves; chained by an in-process asynchronous invoker; the replay service calls the functions in
 * process, as Lambda's RequestResponse would. Each function has its own parts, signed as its role and
 * checked against it ({@link TestComponents#as}); {@link #c} is the suite's own, unchecked, for seeding
 * and reading back.
 */
final class Wiring implements AutoCloseable {

    final LocalSuite suite;
    final FaultyDynamoDb faults;
    final TestComponents test;
    final Components c;
    final SendEmail ses;
    final InProcessInvoker invoker;
    final List<String> topic;
    final MutableClock clock;
    final InProcessFunctions functions;
    final RequestStreamHandler qrCallback;
    final RequestStreamHandler cardToken;
    final RequestStreamHandler cardCallback;
    final RequestStreamHandler createOrder;
    final RequestStreamHandler qrNotify;
    final RequestStreamHandler cardNotify;
    final ReconcileService reconcile;
    final ReplayService replay;
    private final AtomicInteger orders = new AtomicInteger();

    Wiring() {
        this(env -> { }, call -> { });
    }

    /**
     * @param env           changes to the functions' environment
     * @param afterEachCall runs after every call that leaves the process, to count or kill at boundaries
     */
    Wiring(Consumer<Map<String, String>> env, Consumer<String> afterEachCall) {
        Map<String, String> changes = new HashMap<>();
        env.accept(changes);
        // The stack deployed with the parameters that set the variables changed: its roles are checked.
        suite = LocalSuite.start(LocalSuite.parametersOf(changes));
        faults = FaultyDynamoDb.over(suite.dynamoDb());
        test = TestComponents.builder(suite).env(env).dynamoDb(faults::client).afterEachCall(afterEachCall)
                .caller(this::callForReplay).build();
        c = test.admin();
        ses = test.ses();
        invoker = test.invoker();
        topic = test.topic();
        clock = test.clock();
        functions = InProcessFunctions.of(test, invoker);
        qrCallback = functions.handler(c.platform().names().qrCallbackFunction());
        cardToken = functions.handler(c.platform().names().cardTokenFunction());
        cardCallback = functions.handler(c.platform().names().cardCallbackFunction());
        createOrder = functions.handler(c.platform().names().kbankCreateOrderFunction());
        qrNotify = functions.handler(c.platform().names().qrNotifyFunction());
        cardNotify = functions.handler(c.platform().names().cardNotifyFunction());
        reconcile = ReconcileService.create(test.as("ReconcileFunction"));
        replay = ReplayService.create(test.as("ReplayFunction"));
    }

    /** Runs a function once with a payload; returns its answer; exceptions pass through. */
    String call(String functionName, String payload) {
        return functions.call(functionName, payload);
    }

    private FunctionCaller.Result callForReplay(String functionName, String payload) {
        return functions.callForReplay(functionName, payload);
    }

    /** Moves the clock past reconciliation's minimum age and every lease, then runs reconciliation. */
    ReconcileService.Summary reconcileLater() {
        clock.advance(c.platform().config().reconcileMinAge().plus(OnceOnly.LEASE).plusSeconds(1));
        return reconcile.run();
    }

    /** An API answer: status and page. */
    record Answer(int status, String body) {
    }

    Answer api(RequestStreamHandler handler, String event) {
        Handlers.ApiAnswer answer = Handlers.api(handler, event);
        return new Answer(answer.status(), answer.body());
    }

    /** A REST API event with this body and request id. */
    static String event(String path, String contentType, String body, String requestId) {
        return Handlers.restEvent(path, contentType, body, requestId);
    }

    /** KBank's card notify of this charge object, signed with this key as KBank signs it. */
    static String signedNotify(ObjectNode charge, String secretKey, String requestId) {
        String chargeId = charge.path("id").asText();
        String fourDecimals = charge.path("amount").decimalValue().setScale(4, RoundingMode.HALF_UP).toPlainString();
        String signed = chargeId + fourDecimals + charge.path("currency").asText() + charge.path("status").asText()
                + charge.path("transaction_state").asText() + secretKey;
        try {
            charge.put("checksum", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(signed.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return event("/notify", "application/json", Json.write(charge), requestId);
    }

    static String qrEvent(String form, String requestId) {
        return event("/qrcallback", "application/x-www-form-urlencoded", form, requestId);
    }

    /** A new unpaid order of this total. */
    String order(String total) {
        return order(total, null);
    }

    /** A new unpaid order of {@code owner} ({@code data.ownerId}; null for none). */
    String order(String total, String owner) {
        String id = String.format("5500%08d", orders.incrementAndGet());
        ObjectNode data = (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}");
        if (owner != null) {
            data.put("ownerId", owner);
        }
        c.tables().orders().put(new OrderId(id), data, DataForm.JSON_STRING);
        return id;
    }

    boolean paid(String orderId) {
        return c.tables().orders().find(new OrderId(orderId)).orElseThrow().isPaid();
    }

    /** Forgets what one test left in the fakes (KBank stub, invoker, faults, topic, SES); the tables stay. */
    void resetFakes() {
        suite.kbank().reset();
        invoker.clear();
        faults.clear();
        topic.clear();
        reset(ses);
    }

    /** Runs queued asynchronous invocations; returns the failures. */
    List<String> drain() {
        return invoker.runAll();
    }

    @Override
    public void close() {
        suite.close();
    }
}
