package com.villamarket.payment3.qrnotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Handlers.ApiAnswer;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * POST /qr/payment-callback with its sample events (seed 004): the samples name the KBank order of
 * order 492500004632 by its reference {@code 4925000046321748613417.737979}, for partner POS001 and
 * merchant 401001234567001.
 */
@LocalSuiteTest
class QrNotifyHandlerTest {

    private static final String REFERENCE = "4925000046321748613417.737979";
    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static QrNotifyHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        handler = new QrNotifyHandler(test.function());
        c.tables().orders().put(new OrderId("492500004632"), (ObjectNode) Json.parse("{\"grandTotal\": 300.0}"), DataForm.JSON_STRING);
        String kbankOrder = c.platform().kbank().createQrOrder(Money.of("300.00"), "qr", REFERENCE, "Order 492500004632").id();
        c.tables().kbankOrders().record(new KBankOrder(REFERENCE, new OrderId("492500004632"), kbankOrder, Money.of("300.00"), "qr", Instant.now(),
                true, null));
    }


    private static List<String> outcomes() {
        return c.tables().qrNotifications().forTransaction(REFERENCE).stream().map(n -> n.outcome().asNotifyOutcome()).toList();
    }

    @ParameterizedTest
    @Event(value = "events/qr-notify/failed.json", type = APIGatewayProxyRequestEvent.class)
    void notificationsAreAnsweredAsSeed004SaysAndThePaidOneSettlesOnce(APIGatewayProxyRequestEvent sample) {
        ApiAnswer failed = Handlers.api(handler, sample);
        assertEquals(200, failed.status());
        assertEquals("00", failed.json().path("statusCode").asText(), "a failed payment notified is acknowledged");

        ApiAnswer early = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/qr-notify/paid.json"));
        assertEquals("10", early.json().path("statusCode").asText(), "KBank's order names no charge yet: send again");
        assertEquals("PENDING", early.json().path("errorCode").asText());

        suite.kbank().paidQrCharge("chrg_test_sample_qrnotify", "300.00", REFERENCE);
        ApiAnswer paid = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/qr-notify/paid.json"));
        ApiAnswer again = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/qr-notify/paid.json"));

        assertEquals("00", paid.json().path("statusCode").asText(), paid.body());
        assertEquals("00", again.json().path("statusCode").asText());
        List<String> outcomes = outcomes();
        assertEquals(List.of("NOT_PAID_NOTIFIED", "PENDING", "ACCEPTED", "REPLAY"),
                outcomes.subList(outcomes.size() - 4, outcomes.size()), "every notification is recorded");
        assertEquals(1, test.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size());
        assertTrue(!c.tables().kbankOrders().findByReference(REFERENCE).orElseThrow().pending(), "the KBank order is settled");
    }

    @Test
    void anotherPartnersNotificationIsRefusedAndLogged() {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("qr-notify/paid.json"));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        event.put("body", Json.write(body.put("partnerId", "POS999")));

        ApiAnswer answer = Handlers.api(handler, Json.write(event));

        assertEquals(403, answer.status());
        assertEquals("NOT_OURS", answer.json().path("errorCode").asText());
        assertTrue(c.tables().callbackErrorLog().scanAll().stream().anyMatch(e -> "NOT_OURS".equals(e.errorType())));
    }

    @Test
    void notificationsThatCannotBeConfirmedAreAnsweredTenLoggedAndHandOnNothing() {
        String order = "492500004633";
        String reference = order + "1748613417.737980";
        c.tables().orders().put(new OrderId(order), (ObjectNode) Json.parse("{\"grandTotal\": 50.0}"), DataForm.JSON_STRING);
        String kbankOrder = c.platform().kbank().createQrOrder(Money.of("50.00"), "qr", reference, "Order " + order).id();
        c.tables().kbankOrders().record(new KBankOrder(reference, new OrderId(order), kbankOrder, Money.of("50.00"), "qr", Instant.now(), true, null));
        suite.kbank().paidQrCharge("chrg_test_qrn_amount", "50.00", reference);
        int invokedBefore = test.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size();

        assertRefused(Handlers.api(handler, notification("5599999999991748613417.737979", "50.0")), "UNKNOWN_CHARGE");
        assertRefused(Handlers.api(handler, notification(reference, "5.0")), "AMOUNT_MISMATCH");
        ObjectNode malformed = (ObjectNode) Json.parse(Handlers.event("qr-notify/paid.json"));
        assertRefused(Handlers.api(handler, Json.write(malformed.put("body", "<xml/>"))), "MALFORMED");

        assertEquals(invokedBefore, test.invoker().invocationsOf(c.platform().names().processPaidOrderInternalFunction()).size());
        assertFalse(c.tables().orders().find(new OrderId(order)).orElseThrow().isPaid());
    }

    /** The paid sample for another KBank order and amount. */
    private static String notification(String reference, String amount) {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("qr-notify/paid.json"));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        body.put("partnerTxnUid", reference).put("txnAmount", new BigDecimal(amount));
        return Json.write(event.put("body", Json.write(body)));
    }

    private static void assertRefused(ApiAnswer answer, String code) {
        assertEquals("10", answer.json().path("statusCode").asText(), answer.body());
        assertEquals(code, answer.json().path("errorCode").asText(), answer.body());
        assertTrue(c.tables().callbackErrorLog().scanAll().stream().anyMatch(e -> "qrnotify".equals(e.functionName())
                && code.equals(e.errorType())), code + " is in the error log");
    }

    @Test
    void withoutItsPartnerIdTheFunctionDoesNotStart(TestComponents.Builder parts) {
        Components unset = parts.env(env -> env.remove("QR_PARTNER_ID")).build().function();
        ConfigException e = assertThrows(ConfigException.class, () -> new QrNotifyHandler(unset));
        assertTrue(e.getMessage().contains("QR_PARTNER_ID"), e.getMessage());
    }
}
