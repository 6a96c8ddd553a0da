package com.villamarket.payment3.kbankcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.testing.Handlers;
import com.villamarket.payment3.common.testing.LocalSuiteTest;
import com.villamarket.payment3.common.testing.TestComponents;
import com.villamarket.payment3.testkit.LocalSuite;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kbank-add-card with its sample payload: the card is added to the KBank customer. */
@LocalSuiteTest
class AddCardHandlerTest {

    private static LocalSuite suite;
    private static AddCardHandler handler;

    @BeforeAll
    static void start(LocalSuite localSuite, TestComponents parts) {
        suite = localSuite;
        handler = new AddCardHandler(parts.function());
    }


    @Test
    void theSampleAddsTheCardToTheCustomer() {
        suite.kbank().existingCustomer("cust_test_sample");

        assertEquals("cust_test_sample", Handlers.async(handler, Handlers.event("kbank-add-card/add-card.json")));

        assertEquals(List.of("tokn_test_sample_3ds"), suite.kbank().customers().get("cust_test_sample"));
    }

    @Test
    void aCustomerKBankDoesNotKnowIsThrownForLambdasRetries() {
        assertThrows(KBankException.class, () -> Handlers.async(handler,
                "{\"kbank_customer_id\":\"cust_test_nobody\",\"token\":\"tokn_test_x\"}"));
    }

    @Test
    void aMalformedPayloadIsABadRequest() {
        assertThrows(PaymentRejectedException.class, () -> Handlers.async(handler,
                "{\"kbank_customer_id\":\"cust test\",\"token\":\"tokn_test_x\"}"));
        assertThrows(PaymentRejectedException.class, () -> Handlers.async(handler,
                "{\"kbank_customer_id\":\"cust_test\",\"token\":\"not a token\"}"));
    }
}
