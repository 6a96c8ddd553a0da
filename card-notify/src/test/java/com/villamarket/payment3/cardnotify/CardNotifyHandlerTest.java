package com.villamarket.payment3.cardnotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.CardChargeRequest;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.Handlers.ApiAnswer;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * POST /notify with its sample events: the signed sample for KBank's charge {@code chrg_test_sample_paid}
 * of order 492500005646 (signed with the local key {@code skey_test_local}), and a forged one.
 */
@LocalSuiteTest
class CardNotifyHandlerTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static CardNotifyHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        handler = new CardNotifyHandler(test.function());
        c.tables().orders().put(new OrderId("492500005646"), (ObjectNode) Json.parse("{\"grandTotal\": 250.5}"), DataForm.JSON_STRING);
        c.tables().cardPaymentRecords().create(CardPaymentRecord.fresh(new CardToken("tokn_test_sample_paid"),
                new OrderId("492500005646"), Money.of("250.50"),
                null, false, null, Instant.now()));
    }


    @ParameterizedTest
    @Event(value = "events/card-notify/paid.json", type = APIGatewayProxyRequestEvent.class)
    void theSignedSampleIsSettledByKBanksInquiryAndHandedOnOnce(APIGatewayProxyRequestEvent sample) {
        suite.kbank().cardToken("tokn_test_sample_paid", "authorized", "chrg_test_sample_paid");
        c.platform().kbank().createCardCharge(new CardChargeRequest(Money.of("250.50"), "Order 492500005646",
                new CardToken("tokn_test_sample_paid"), new OrderId("492500005646")));
        c.tables().cardPaymentRecords().setCharge(new CardToken("tokn_test_sample_paid"), new ChargeId("chrg_test_sample_paid"));

        ApiAnswer first = Handlers.api(handler, sample);
        ApiAnswer again = Handlers.api(handler, sample);

        assertEquals(200, first.status(), first.body());
        assertEquals("paid", first.json().path("status").asText());
        assertEquals(200, again.status());
        assertEquals(1, test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size());
        assertEquals(2, c.tables().creditCardNotify().forCharge(new ChargeId("chrg_test_sample_paid")).size());

        // Forged: the same charge, another amount, a checksum made without the key.
        ApiAnswer forged = Handlers.api(handler, EventLoader.loadApiGatewayRestEvent("events/card-notify/forged.json"));
        assertEquals(401, forged.status());
        assertEquals("refused", forged.json().path("status").asText());
        assertTrue(c.tables().callbackErrorLog().scanAll().stream().anyMatch(e -> "INVALID_CHECKSUM".equals(e.errorType())));
        assertEquals(1, test.invoker().invocationsOf(c.platform().names().processPaidOrderFunction()).size(), "never processed");
    }

    @Test
    void aHostileAmountIsABadRequestBeforeTheChecksumIsComputed() {
        ObjectNode event = (ObjectNode) Json.parse(Handlers.event("card-notify/paid.json"));
        event.put("body", Json.parse(event.path("body").asText()).toString().replace("250.5", "1e19999999"));

        ApiAnswer answer = Handlers.api(handler, Json.write(event));

        assertEquals(400, answer.status(), answer.body());
    }
}
