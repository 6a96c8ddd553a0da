package com.villamarket.payment3.flows;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardcallback.CardCallbackService;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.cardtoken.CardTokenService;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.UrlConnectionTransport;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.mail.SesMailer;
import com.villamarket.payment3.common.notify.EmailNotifier;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.secrets.KBankSecrets;
import com.villamarket.payment3.common.testing.InProcessInvoker;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankcard.AddCardService;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.kbankuser.CreateUserService;
import com.villamarket.payment3.processpaid.ProcessPaidOrderInternalHandler;
import com.villamarket.payment3.processpaid.ProcessPaidOrderService;
import com.villamarket.payment3.processpaidcard.ProcessPaidCardOrderHandler;
import com.villamarket.payment3.processpaidcard.ProcessPaidCardOrderService;
import com.villamarket.payment3.qrcallback.QrCallbackHandler;
import com.villamarket.payment3.qrcallback.QrCallbackService;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.replay.FunctionCaller;
import com.villamarket.payment3.replay.ReplayService;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * Every function of the suite built as in production over local parts (DynamoDB Local behind a
 * fault injector, the KBank stub, a mocked SES), chained by an in-process asynchronous invoker; the
 * replay service calls the functions in process, as Lambda's RequestResponse would.
 */
final class Wiring implements AutoCloseable {

    final LocalSuite suite;
    final FaultyDynamoDb faults;
    final Components c;
    final SesClient ses = org.mockito.Mockito.mock(SesClient.class);
    final InProcessInvoker invoker = new InProcessInvoker();
    final List<String> topic = new CopyOnWriteArrayList<>();
    final Map<String, RequestStreamHandler> functions = new HashMap<>();
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
        suite = LocalSuite.start();
        faults = FaultyDynamoDb.over(suite.dynamoDb());
        Config config = Config.from(suite.env());
        c = new Components(config, Clock.systemUTC(), faults.client(), new SesMailer(ses, config.emailFrom()),
                () -> KBankSecrets.load(config, () -> {
                    throw new AssertionError("no Secrets Manager in tests");
                }), new UrlConnectionTransport());
        EmailNotifier notifier = new EmailNotifier(c.mailer(), config.notificationEmailTo(), Optional.of(topic::add),
                config.branch());
        qrCallback = new QrCallbackHandler(QrCallbackService.create(c, invoker));
        cardToken = new CardTokenHandler(CardTokenService.create(c, invoker));
        cardCallback = new CardCallbackHandler(CardCallbackService.create(c, invoker));
        createOrder = new com.villamarket.payment3.kbankorder.CreateOrderHandler(
                com.villamarket.payment3.kbankorder.CreateOrderService.create(c));
        qrNotify = new com.villamarket.payment3.qrnotify.QrNotifyHandler(
                com.villamarket.payment3.qrnotify.QrNotifyService.create(c, invoker));
        cardNotify = new com.villamarket.payment3.cardnotify.CardNotifyHandler(
                com.villamarket.payment3.cardnotify.CardNotifyService.create(c, invoker));
        functions.put(c.names().kbankCreateOrderFunction(), createOrder);
        functions.put(c.names().qrNotifyFunction(), qrNotify);
        functions.put(c.names().cardNotifyFunction(), cardNotify);
        functions.put(c.names().qrCallbackFunction(), qrCallback);
        functions.put(c.names().cardTokenFunction(), cardToken);
        functions.put(c.names().cardCallbackFunction(), cardCallback);
        functions.put(c.names().processPaidOrderInternalFunction(),
                new ProcessPaidOrderInternalHandler(ProcessPaidOrderService.create(c, notifier)));
        functions.put(c.names().processPaidOrderFunction(),
                new ProcessPaidCardOrderHandler(ProcessPaidCardOrderService.create(c, invoker, notifier)));
        functions.put(c.names().kbankCreateUserFunction(), new CreateUserHandler(CreateUserService.create(c, invoker)));
        functions.put(c.names().kbankAddCardFunction(), new AddCardHandler(AddCardService.create(c)));
        functions.forEach((name, handler) -> invoker.register(name, payload -> call(name, payload)));
        reconcile = new ReconcileService(c.qrPaymentRecords(),
                new com.villamarket.payment3.common.payment.QrHandoff(c.qrPaymentRecords(), invoker,
                        c.names().processPaidOrderInternalFunction(), c.clock()),
                c.cardPaymentRecords(), new com.villamarket.payment3.common.payment.CardHandoff(invoker, c::kbank,
                        c.names(), c.clock()),
                c.chargeVerifier(com.villamarket.payment3.common.payment.ChargeVerifier.Kind.CARD), c::kbank,
                c.kbankOrders(), new com.villamarket.payment3.common.payment.QrPaymentAcceptor(
                        c.chargeVerifier(com.villamarket.payment3.common.payment.ChargeVerifier.Kind.QR), c.orders(),
                        c.qrPaymentRecords(), new com.villamarket.payment3.common.payment.QrHandoff(c.qrPaymentRecords(),
                                invoker, c.names().processPaidOrderInternalFunction(), c.clock()), c.clock()),
                Duration.ZERO, c.clock());
        replay = new ReplayService(c.callbackErrorLog(), this::callForReplay, c.names(), c.clock());
    }

    /** Runs a function once with a payload; returns its answer; exceptions pass through. */
    String call(String functionName, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            functions.get(functionName).handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                    out, new TestContext(functionName));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private FunctionCaller.Result callForReplay(String functionName, String payload) {
        try {
            return new FunctionCaller.Result(false, call(functionName, payload));
        } catch (RuntimeException e) {
            return new FunctionCaller.Result(true, String.valueOf(e.getMessage()));
        }
    }

    /** An API answer: status and page. */
    record Answer(int status, String body) {
    }

    Answer api(RequestStreamHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext("api"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode response = Json.parse(out.toString(StandardCharsets.UTF_8));
        return new Answer(response.path("statusCode").asInt(), response.path("body").asText());
    }

    /** A REST API event with this body and request id. */
    static String event(String path, String contentType, String body, String requestId) {
        ObjectNode event = Json.object();
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", "POST");
        event.putObject("headers").put("Content-Type", contentType);
        event.putObject("requestContext").put("requestId", requestId);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    static String qrEvent(String form, String requestId) {
        return event("/qrcallback", "application/x-www-form-urlencoded", form, requestId);
    }

    /** A new unpaid order of this total. */
    String order(String total) {
        String id = String.format("5500%08d", orders.incrementAndGet());
        c.orders().put(new OrderId(id), (ObjectNode) Json.parse("{\"grandTotal\": " + total + "}"), DataForm.JSON_STRING);
        return id;
    }

    boolean paid(String orderId) {
        return c.orders().find(new OrderId(orderId)).orElseThrow().isPaid();
    }

    /** Forgets what one test left in the fakes (KBank stub, invoker, faults, topic, SES); the tables stay. */
    void resetFakes() {
        suite.kbank().reset();
        invoker.clear();
        faults.clear();
        topic.clear();
        org.mockito.Mockito.reset(ses);
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
