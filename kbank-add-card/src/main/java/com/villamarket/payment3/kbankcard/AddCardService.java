package com.villamarket.payment3.kbankcard;

import com.villamarket.payment3.common.ids.CardToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.wiring.Components;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** kbank-add-card: adds a card token to a KBank customer, {@code POST /card/v2/customer/{id}/card}. */
public final class AddCardService {

    private static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9_]{1,120}");

    private final Supplier<KBankClient> kbank;

    public AddCardService(Supplier<KBankClient> kbank) {
        this.kbank = kbank;
    }

    public static AddCardService create(Components c) {
        return new AddCardService(c::kbank);
    }

    /**
     * Handles {@code {"kbank_customer_id": "cust_…", "token": "tokn_…"}}.
     *
     * @return the customer id KBank answered with
     * @throws RuntimeException when KBank did not take the card, for Lambda's retries
     */
    public String process(String rawEvent) {
        JsonNode payload = Json.parse(rawEvent);
        String customer = Json.text(payload, "kbank_customer_id");
        String token = Json.text(payload, "token");
        if (customer == null || !CUSTOMER.matcher(customer).matches()) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, "kbank_customer_id is missing or invalid");
        }
        try {
            CardToken.parse(token, "token");
        } catch (IllegalArgumentException e) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, e.getMessage());
        }
        String id = kbank.get().addCard(customer, token);
        Log.info("card added to KBank customer", "kbankId", id);
        return id;
    }
}
