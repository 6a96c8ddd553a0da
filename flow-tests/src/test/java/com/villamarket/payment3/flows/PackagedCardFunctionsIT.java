package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedStack;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The five card functions' deployable jars, each run by Lambda's java runtime interface client as
 * template.yaml configures it, driven through the 3-D Secure flow with the sample events.
 */
class PackagedCardFunctionsIT {

    @Test
    void theCardJarsTakeAThreeDSecurePaymentFromTokenToKeptCard() {
        try (PackagedStack stack = PackagedStack.start()) {
            LocalSuite suite = stack.suite();
            OrderRepository orders = new OrderRepository(suite.dynamoDb(), suite.orderTable());
            // The payment the card-callback and process-paid-order samples name: order 492500005646, kept card.
            orders.put(new OrderId("492500005646"), (ObjectNode) Json.parse("{\"grandTotal\": 250.5, \"ownerId\": \"owner-001\"}"),
                    DataForm.JSON_STRING);
            suite.kbank().cardToken("tokn_test_sample_paid", "3ds", "chrg_test_sample_paid");
            ObjectNode pay = (ObjectNode) Json.parse(RepoFiles.read("events/card-token/3ds.json"));
            pay.put("body", "{\"token\": \"tokn_test_sample_paid\", \"orderId\": \"492500005646\", \"ownerId\": \"owner-001\", "
                    + "\"saveCard\": \"true\", \"callback\": \"https://shop.villamarket.com/checkout/result\"}");

            JsonNode started = stack.answer("CardTokenFunction", Json.write(pay));
            assertEquals(200, started.path("statusCode").asInt());
            assertTrue(started.path("body").asText().contains("/_3ds/chrg_test_sample_paid"));

            suite.kbank().complete3ds("chrg_test_sample_paid", true);
            JsonNode callback = stack.answerToFile("CardCallbackFunction", "events/card-callback/paid.json");
            assertEquals(200, callback.path("statusCode").asInt(), callback.toString());
            List<LambdaApiStub.Invocation> invocations = stack.lambda().invocations();
            assertEquals(1, invocations.size());
            assertEquals("payment3-process-paid-order-" + suite.branch(), invocations.get(0).functionName());
            assertEquals("Event", invocations.get(0).invocationType());

            stack.answerToFile("ProcessPaidOrderFunction", "events/process-paid-order/card.json");
            assertEquals("chrg_test_sample_paid", orders.find(new OrderId("492500005646")).orElseThrow().paidChargeId().value());

            JsonNode created = stack.answerToFile("KBankCreateUserFunction", "events/kbank-create-user/save-card.json");
            assertEquals("CREATED", created.path("body").asText());
            assertEquals(1, suite.kbank().customers().size());

            suite.kbank().existingCustomer("cust_test_sample");
            JsonNode added = stack.answerToFile("KBankAddCardFunction", "events/kbank-add-card/add-card.json");
            assertEquals("cust_test_sample", added.path("body").asText());
            assertEquals(List.of("tokn_test_sample_3ds"), suite.kbank().customers().get("cust_test_sample"));
        }
    }
}
