package com.villamarket.payment3.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The card tokens, charges and KBank customer that the sample events under {@code events/} name, as
 * KBank's double must know them: one home for the local stack's sample world and the benchmark.
 *
 * <p>The card-callback, card-notify and process-paid-order samples name a card payment in flight: card-token
 * ran for order {@value #PAID_ORDER} with {@value #PAID_TOKEN}, the customer finished 3-D Secure, KBank
 * authorized {@value #PAID_CHARGE}, and no callback came yet. Whoever prepares it runs card-token itself
 * (in process or under the runtime client), between {@link #registerAt} and {@link #finish3ds}.
 */
public final class SampleCards {

    public static final String PAID_TOKEN = "tokn_test_sample_paid";
    public static final String PAID_CHARGE = "chrg_test_sample_paid";
    public static final String PAID_ORDER = "492500005646";
    public static final String CUSTOMER = "cust_test_sample";
    /** The returning customer whose KBank customer is {@value #CUSTOMER} (the ADDCARD sample's owner). */
    public static final String RETURNING_OWNER = "owner-002";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleCards() {
    }

    /** Every sample token with the outcome its samples document, the in-flight payment's, and the sample customer. */
    public static void registerAt(KBankStub kbank) {
        kbank.cardToken("tokn_test_sample_authorized", "authorized", "chrg_test_sample_authorized");
        kbank.cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");
        kbank.cardToken("tokn_test_sample_declined", "declined", "chrg_test_sample_declined");
        kbank.cardToken("tokn_test_sample_addcard", "authorized", "chrg_test_sample_addcard");
        kbank.cardToken(PAID_TOKEN, "3ds", PAID_CHARGE);
        kbank.existingCustomer(CUSTOMER);
    }

    /** The card-token event that starts the in-flight payment: card-token's 3-D Secure sample with its token and order. */
    public static String inFlightPaymentEvent() {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(RepoFiles.read("events/card-token/3ds.json"));
            ObjectNode body = (ObjectNode) JSON.readTree(event.path("body").asText());
            body.put("token", PAID_TOKEN).put("orderId", PAID_ORDER).put("saveCard", "true");
            event.put("body", JSON.writeValueAsString(body));
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The customer finishes 3-D Secure and KBank authorizes the in-flight charge. */
    public static void finish3ds(KBankStub kbank) {
        kbank.complete3ds(PAID_CHARGE, true);
    }
}
