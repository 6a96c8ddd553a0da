package com.villamarket.payment3.kbankcard;

import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.payment.AddCardRequest;
import com.villamarket.payment3.common.wiring.Components;
import java.util.function.Supplier;

/** kbank-add-card: adds a card token to a KBank customer, {@code POST /card/v2/customer/{id}/card}. */
public final class AddCardService {

    private final Supplier<KBankClient> kbank;

    public AddCardService(Supplier<KBankClient> kbank) {
        this.kbank = kbank;
    }

    public static AddCardService create(Components c) {
        return new AddCardService(c.platform()::kbank);
    }

    /**
     * Handles {@code {"kbank_customer_id": "cust_…", "token": "tokn_…"}}.
     *
     * @return the customer id KBank answered with
     * @throws RuntimeException when KBank did not take the card, for Lambda's retries
     */
    public String process(String rawEvent) {
        AddCardRequest request = AddCardRequest.parse(rawEvent);
        String id = kbank.get().addCard(request.kbankCustomerId(), request.token().value());
        Log.info("card added to KBank customer", "kbankId", id);
        return id;
    }
}
