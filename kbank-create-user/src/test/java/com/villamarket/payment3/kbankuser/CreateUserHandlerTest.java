package com.villamarket.payment3.kbankuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.InProcessInvoker.Invocation;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.LocalSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kbank-create-user with its sample payload: a customer is created at KBank once, a known one gets the card added. */
@LocalSuiteTest
class CreateUserHandlerTest {

    private static LocalSuite suite;
    private static TestComponents test;
    private static Components c;
    private static CreateUserHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        test = parts;
        c = test.admin();
        handler = new CreateUserHandler(test.function());
    }


    private static List<Invocation> addCards() {
        return test.invoker().invocationsOf(c.platform().names().kbankAddCardFunction());
    }

    @Test
    void theSampleCreatesTheCustomerOnceThenAddsLaterCards() {
        assertEquals("CREATED", Handlers.async(handler, Handlers.event("kbank-create-user/save-card.json")));
        String kbankId = c.tables().kbankUserMapping().kbankId(new OwnerId("owner-001")).orElseThrow();
        assertEquals(List.of("tokn_test_sample_authorized"), suite.kbank().customers().get(kbankId));

        assertEquals("ADD_CARD_INVOKED", Handlers.async(handler, "{\"ownerId\":\"owner-001\",\"token\":\"tokn_test_second\"}"));
        JsonNode add = Json.parse(addCards().get(addCards().size() - 1).payload());
        assertEquals(kbankId, add.path("kbank_customer_id").asText());
        assertEquals("tokn_test_second", add.path("token").asText());
        assertEquals(1, suite.kbank().customers().values().stream().filter(cards -> cards.contains("tokn_test_sample_authorized"))
                .count(), "no second customer");
    }

    @Test
    void twoFirstPaymentsOfOneCustomerAtOnceCreateOneKBankCustomer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (String token : List.of("tokn_test_twice_a", "tokn_test_twice_b")) {
            outcomes.add(pool.submit((Callable<String>) () -> {
                go.await();
                return Handlers.async(handler, "{\"ownerId\":\"owner-twice\",\"token\":\"" + token + "\"}");
            }));
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertTrue(results.containsAll(List.of("CREATED", "ADD_CARD_INVOKED")), results.toString());
        assertEquals(1, suite.kbank().customers().values().stream().filter(cards -> cards.contains("tokn_test_twice_a")
                || cards.contains("tokn_test_twice_b")).count());
    }

    @Test
    void aCreationKBankRefusedGivesItsClaimBackSoTheRetryCreates() {
        suite.kbank().respond("POST", "/card/v2/customer", 503, "busy");
        String payload = "{\"ownerId\":\"owner-retry\",\"token\":\"tokn_test_retry\"}";

        assertThrows(KBankException.class, () -> Handlers.async(handler, payload));

        suite.kbank().reset();
        assertEquals("CREATED", Handlers.async(handler, payload), "Lambda's retry creates at once");
    }

    @Test
    void aMalformedPayloadIsABadRequest() {
        assertThrows(PaymentRejectedException.class, () -> Handlers.async(handler, "{\"ownerId\":\"x y\",\"token\":\"t\"}"));
    }
}
